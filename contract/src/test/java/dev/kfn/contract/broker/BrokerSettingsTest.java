package dev.kfn.contract.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void environmentAndConfigurationAreTheSameShape() {
        BrokerSettings fromEnv =
                BrokerSettings.fromEnvironment(Map.of("KFN_BROKER_HOST", "rabbit", "KFN_BROKER_PASSWORD", "s3cret"));
        Map<String, String> config = Map.of("kfn.broker.host", "rabbit", "kfn.broker.password", "s3cret");
        assertThat(BrokerSettings.fromConfig(key -> Optional.ofNullable(config.get(key))))
                .isEqualTo(fromEnv);
        assertThat(fromEnv.managementUrl()).isEqualTo("http://rabbit:15672");
        assertThat(BrokerSettings.fromEnvironment(fromEnv.environment())).isEqualTo(fromEnv);
    }

    @Test
    void variablesMapToKeysAsQuarkusReadsThem() {
        assertThat(BrokerSettings.configKey(BrokerSettings.MANAGEMENT_URL)).isEqualTo("kfn.broker.management-url");
        assertThat(BrokerSettings.configKey(BrokerSettings.HOST)).isEqualTo("kfn.broker.host");
    }

    @Test
    void factoryRecoversOnItsOwn() {
        var factory = BrokerSettings.fromEnvironment(Map.of("KFN_BROKER_RECOVERY_INTERVAL", "500ms"))
                .connectionFactory();
        assertThat(factory.isAutomaticRecoveryEnabled()).isTrue();
        assertThat(factory.isTopologyRecoveryEnabled()).isTrue();
        assertThat(factory.getNetworkRecoveryInterval())
                .isEqualTo(Duration.ofMillis(500).toMillis());
    }

    @Test
    void readsDurationsAsKfnWritesThemAndAsIso() {
        assertThat(BrokerSettings.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(BrokerSettings.duration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(BrokerSettings.duration("PT0.5S")).isEqualTo(Duration.ofMillis(500));
    }
}
