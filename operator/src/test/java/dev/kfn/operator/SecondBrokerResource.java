package dev.kfn.operator;

import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.SecondBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A RabbitMQ node of the test's own, stopped before the operator boots, so the operator starts without a broker
 * while the machine's node keeps serving every other test. The test gets the node injected to start it.
 */
public class SecondBrokerResource implements QuarkusTestResourceLifecycleManager {

    private SecondBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = SecondBroker.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.stopApp();
        BrokerSettings settings = broker.settings();
        return Map.of(
                "kfn.broker.port", Integer.toString(settings.port()),
                "kfn.broker.management-url", settings.managementUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker, new TestInjector.MatchesType(SecondBroker.class));
    }

    @Override
    public void stop() {
        try {
            broker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
