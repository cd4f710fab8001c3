package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.DatabaseChangeTrigger;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.testsupport.TestFunctions;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseChangeReportsTest {

    private static final FunctionId FN = new FunctionId("shop", "orders");

    private static Function reported(List<Trigger> triggers, DatabaseChangeStatus... reports) {
        Function fn = TestFunctions.java(FN, spec -> spec.setTriggers(triggers));
        fn.setStatus(new FunctionStatus());
        fn.getStatus().setDatabaseChanges(List.of(reports));
        return fn;
    }

    private static Trigger databaseChange() {
        Trigger trigger = new Trigger();
        trigger.setDatabaseChange(new DatabaseChangeTrigger());
        return trigger;
    }

    private static Trigger queue() {
        Trigger trigger = new Trigger();
        trigger.setQueue(new QueueTrigger());
        return trigger;
    }

    @Test
    void namesEachTriggerAGatewayCannotRead() {
        Function fn = reported(
                List.of(queue(), databaseChange(), databaseChange()),
                new DatabaseChangeStatus(1, ReplicationSlot.name(FN, 1), 10L, true, null),
                new DatabaseChangeStatus(2, ReplicationSlot.name(FN, 2), null, false, "cannot read public.x: gone"));
        assertThat(DatabaseChangeReports.problems(fn))
                .containsExactly("spec.triggers[2].databaseChange: cannot read public.x: gone");
    }

    @Test
    void leavesOutReportsOfTriggersThatWentOrMoved() {
        Function fn = reported(
                List.of(queue(), databaseChange()),
                // trigger 0 is a queue trigger now; trigger 1's report names another index's slot; 5 is gone
                new DatabaseChangeStatus(0, ReplicationSlot.name(FN, 0), null, false, "old"),
                new DatabaseChangeStatus(1, ReplicationSlot.name(FN, 0), null, false, "moved"),
                new DatabaseChangeStatus(5, ReplicationSlot.name(FN, 5), null, false, "gone"));
        assertThat(DatabaseChangeReports.problems(fn)).isEmpty();
        fn.setStatus(null);
        assertThat(DatabaseChangeReports.problems(fn)).isEmpty();
    }
}
