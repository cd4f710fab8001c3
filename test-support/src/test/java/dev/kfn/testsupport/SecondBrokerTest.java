package dev.kfn.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

class SecondBrokerTest {

    @Test
    void startsStopsAndRestartsItsOwnNode() throws Exception {
        try (SecondBroker broker = SecondBroker.start()) {
            ConnectionFactory factory = broker.settings().connectionFactory();
            factory.setAutomaticRecoveryEnabled(false);
            try (Connection connection = factory.newConnection()) {
                assertThat(connection.isOpen()).isTrue();
            }
            broker.stopApp();
            assertThatThrownBy(factory::newConnection).isInstanceOf(java.io.IOException.class);
            broker.startApp();
            try (Connection connection = factory.newConnection()) {
                assertThat(connection.isOpen()).isTrue();
            }
        }
    }
}
