package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.ScheduleStatus;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.operator.schedule.FiringId;
import dev.kfn.operator.schedule.Scheduler;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * One firing per tick across two operator replicas that elect a leader through the Lease the operator uses
 * ({@code kfn-operator}), against the mock API server and the real RabbitMQ. Two Quarkus applications cannot run in
 * one JVM, so each replica is what {@link OperatorLifecycle} wires for schedules: a client of its own, Fabric8's
 * leader elector on the Lease, and a {@link Scheduler} told by the elector's callbacks when it leads. The
 * application's reconciler declares the queues and writes status; its own scheduler is off. The leader is killed
 * (its elector cancelled without releasing the Lease, as a crash leaves it) between ticks; time is the shared
 * {@link AdjustableClock}.
 */
@QuarkusTest
@TestProfile(ScheduleFailoverProfile.class)
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class ScheduleFailoverTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String LEASE_NAMESPACE = "kfn-system";

    @Inject
    AdjustableClock clock;

    @Inject
    KfnConfig config;

    @Inject
    BrokerSettings brokerSettings;

    /** One operator replica's schedules: its client, its scheduler, its place in the election. */
    private final class Replica implements AutoCloseable {
        final String identity;
        final KubernetesClient own;
        final Scheduler scheduler;
        final CompletableFuture<?> electing;

        Replica(String identity) {
            this.identity = identity;
            this.own = new KubernetesClientBuilder()
                    .withConfig(client.getConfiguration())
                    .build();
            this.scheduler = new Scheduler(own, schedulesOn(config), brokerSettings, clock, new SimpleMeterRegistry());
            scheduler.start();
            this.electing = own.leaderElector()
                    .withConfig(new LeaderElectionConfigBuilder()
                            .withName("kfn-operator")
                            .withLock(new LeaseLock(LEASE_NAMESPACE, "kfn-operator", identity))
                            .withLeaseDuration(Duration.ofSeconds(3))
                            .withRenewDeadline(Duration.ofSeconds(2))
                            .withRetryPeriod(Duration.ofMillis(250))
                            .withLeaderCallbacks(new LeaderCallbacks(
                                    () -> scheduler.lead(true), () -> scheduler.lead(false), leader -> {}))
                            .withReleaseOnCancel(false)
                            .build())
                    .build()
                    .start();
        }

        /** Gone as a crash leaves it: the Lease stays held until it expires. */
        @Override
        public void close() {
            electing.cancel(true);
            scheduler.stop();
            own.close();
        }
    }

    /** The application's settings, with schedules on for the replicas. */
    private static KfnConfig schedulesOn(KfnConfig config) {
        KfnConfig.Schedules on = new KfnConfig.Schedules() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration tick() {
                return Duration.ofMillis(200);
            }
        };
        return (KfnConfig) Proxy.newProxyInstance(
                KfnConfig.class.getClassLoader(), new Class<?>[] {KfnConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("schedules")) {
                        return on;
                    }
                    return method.invoke(config, args);
                });
    }

    private Optional<String> leader() {
        return Optional.ofNullable(client.resources(Lease.class)
                        .inNamespace(LEASE_NAMESPACE)
                        .withName("kfn-operator")
                        .get())
                .map(lease -> lease.getSpec().getHolderIdentity());
    }

    private Optional<ScheduleStatus> recorded(FunctionId id) {
        return Optional.ofNullable(client.resources(Function.class)
                        .inNamespace(id.namespace())
                        .withName(id.name())
                        .get())
                .map(Function::getStatus)
                .map(FunctionStatus::getSchedules)
                .flatMap(s -> s.stream().findFirst());
    }

    private ScheduledEvent nextFiring(FunctionId id) throws Exception {
        try (Channel channel = amqp.createChannel()) {
            GetResponse[] got = new GetResponse[1];
            await().atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> queueExists(id.queues().async())
                            && (got[0] = channel.basicGet(id.queues().async(), true)) != null);
            return ScheduledEvents.read(got[0].getBody());
        }
    }

    private void nothingMoreFires(FunctionId id) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
            try (Channel channel = amqp.createChannel()) {
                return channel.queueDeclarePassive(id.queues().async()).getMessageCount() == 0;
            }
        });
    }

    @Test
    void theOtherReplicaTakesOverAndFiresTheMissedTickOnceMarkedLateAndNoTickTwice() throws Exception {
        try (Replica a = new Replica("replica-a")) {
            await().atMost(WITHIN).until(() -> leader().equals(Optional.of("replica-a")));
            try (Replica b = new Replica("replica-b")) {
                Trigger trigger = new Trigger();
                ScheduleTrigger schedule = new ScheduleTrigger();
                schedule.setExpression("rate(1 minute)");
                trigger.setSchedule(schedule);
                FunctionId id = id("failover");
                TestFunctions.create(client, TestFunctions.java(id, spec -> spec.setTriggers(List.of(trigger))));

                // the leader fires the first time (a rate starts at once) and records it; the other replica does not
                ScheduledEvent first = nextFiring(id);
                Instant t0 = ScheduledEvents.time(first);
                assertThat(first.getId()).isEqualTo(FiringId.of(id, 0, t0).toString());
                await().atMost(WITHIN)
                        .until(() -> recorded(id)
                                .map(s -> first.getId().equals(s.getLastFiringId()))
                                .orElse(false));
                nothingMoreFires(id);

                // the leader dies between ticks; two scheduled times pass before the other replica holds the Lease
                a.close();
                clock.advance(Duration.ofMinutes(2).plusSeconds(30));
                await().atMost(WITHIN).until(() -> leader().equals(Optional.of("replica-b")));

                ScheduledEvent late = nextFiring(id);
                Instant t2 = t0.plus(Duration.ofMinutes(2));
                assertThat(ScheduledEvents.time(late)).isEqualTo(t2);
                assertThat(late.getId()).isEqualTo(FiringId.of(id, 0, t2).toString());
                assertThat(late.getDetail()).containsEntry("late", true).containsEntry("missedFirings", 1);
                nothingMoreFires(id);
                await().atMost(WITHIN)
                        .untilAsserted(() -> assertThat(recorded(id)).hasValueSatisfying(s -> {
                            assertThat(s.getLastFiring()).isEqualTo(t2.toString());
                            assertThat(s.getLastFiringLate()).isTrue();
                            assertThat(s.getNextFiring())
                                    .isEqualTo(t2.plus(Duration.ofMinutes(1)).toString());
                        }));

                // and the new leader goes on, on time
                Instant t3 = t2.plus(Duration.ofMinutes(1));
                clock.advance(Duration.between(clock.instant(), t3.plusSeconds(5)));
                ScheduledEvent next = nextFiring(id);
                assertThat(ScheduledEvents.time(next)).isEqualTo(t3);
                assertThat(next.getDetail()).isEmpty();
                nothingMoreFires(id);
            }
        }
    }
}
