package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.DatabaseChangeTrigger;
import dev.kfn.api.DatabaseConnection;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * databaseChange triggers in the operator against the mock API server: what a gateway reports in
 * status.databaseChanges (as DatabaseChangeStatusWriter patches it) turns TriggersReady and Ready False naming the
 * trigger, and back once the report clears; the record outlives the reconciler's own status patches.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class DatabaseChangeReadinessTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private static Trigger databaseChange(String table) {
        DatabaseChangeTrigger databaseChange = new DatabaseChangeTrigger();
        DatabaseConnection connection = new DatabaseConnection();
        connection.setName("orders");
        databaseChange.setConnection(connection);
        databaseChange.setTable(table);
        Trigger trigger = new Trigger();
        trigger.setDatabaseChange(databaseChange);
        return trigger;
    }

    @Test
    void aGatewaysReportThatATableCannotBeReadIsAnInvalidTriggerUntilItClears() {
        FunctionId fn = id("orders");
        TestFunctions.create(
                client, TestFunctions.java(fn, spec -> spec.setTriggers(List.of(databaseChange("public.orders")))));
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(condition(fn, FunctionStatus.TRIGGERS_READY))
                        .extracting(Condition::getStatus)
                        .isEqualTo("True"));

        String slot = ReplicationSlot.name(fn, 0);
        DatabaseChangeStatus missing = new DatabaseChangeStatus(
                0, slot, null, false, "cannot read public.orders: table public.orders does not exist");
        await().atMost(WITHIN).untilAsserted(() -> {
            reportAsTheGatewayDoes(fn, missing);
            Condition triggers = condition(fn, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage())
                    .isEqualTo("spec.triggers[0].databaseChange: cannot read public.orders: table public.orders does"
                            + " not exist");
            assertThat(condition(fn, FunctionStatus.READY).getStatus()).isEqualTo("False");
        });

        DatabaseChangeStatus reading = new DatabaseChangeStatus(0, slot, 128L, true, null);
        await().atMost(WITHIN).untilAsserted(() -> {
            reportAsTheGatewayDoes(fn, reading);
            assertThat(condition(fn, FunctionStatus.TRIGGERS_READY))
                    .extracting(Condition::getStatus)
                    .isEqualTo("True");
        });
        assertThat(function(fn).getStatus().getDatabaseChanges())
                .containsExactly(new DatabaseChangeStatus(0, slot, 128L, true, null));
    }

    /**
     * As the gateway's DatabaseChangeStatusWriter does: written again whenever the Function does not show it, since
     * a reconcile that read the Function before the write (the mock server has no server-side apply, so the
     * reconciler carries the member over) may put the older entry back.
     */
    private void reportAsTheGatewayDoes(FunctionId fn, DatabaseChangeStatus entry) {
        List<DatabaseChangeStatus> shown = Optional.ofNullable(function(fn).getStatus())
                .map(FunctionStatus::getDatabaseChanges)
                .orElse(List.of());
        if (shown.equals(List.of(entry))) {
            return;
        }
        client.resources(Function.class)
                .inNamespace(fn.namespace())
                .withName(fn.name())
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/status/databaseChanges\",\"value\":"
                                + client.getKubernetesSerialization().asJson(List.of(entry)) + "}]");
    }

    private Function function(FunctionId id) {
        return client.resources(Function.class)
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
    }

    private Condition condition(FunctionId id, String type) {
        return Optional.ofNullable(function(id))
                .map(Function::getStatus)
                .flatMap(status -> status.condition(type))
                .orElse(null);
    }
}
