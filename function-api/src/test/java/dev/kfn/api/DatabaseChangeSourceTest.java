package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.FunctionId;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DatabaseChangeSourceTest {

    private static final FunctionId FN = new FunctionId("shop", "orders");

    private static DatabaseChangeSource read(Consumer<DatabaseChangeTrigger> change) {
        DatabaseChangeTrigger trigger = new DatabaseChangeTrigger();
        DatabaseConnection connection = new DatabaseConnection();
        connection.setName("orders");
        trigger.setConnection(connection);
        trigger.setTable("public.Orders");
        change.accept(trigger);
        return DatabaseChangeSource.read(FN, 1, trigger);
    }

    @Test
    void defaultsAreLambdas() {
        DatabaseChangeSource source = read(t -> {});
        assertThat(source.connection()).isEqualTo("orders");
        assertThat(source.qualifiedTable()).isEqualTo("public.orders");
        assertThat(source.startingPosition()).isEqualTo("LATEST");
        assertThat(source.batchSize()).isEqualTo(100);
        assertThat(source.maximumRetryAttempts()).isEmpty();
        assertThat(source.bisectBatchOnFunctionError()).isFalse();
        assertThat(source.reportBatchItemFailures()).isFalse();
        assertThat(source.onFailureQueue()).isEmpty();
        assertThat(read(t -> t.setMaximumRetryAttempts(3)).maximumRetryAttempts())
                .hasValue(3);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> read(t -> t.setConnection(null)))
                .hasMessageStartingWith("spec.triggers[1].databaseChange.connection.name: name a connection of the"
                        + " Secret kfn-databases of namespace shop");
        assertThatThrownBy(() -> read(t -> t.setTable("orders")))
                .hasMessage("spec.triggers[1].databaseChange.table: orders is not a schema-qualified table such as"
                        + " public.orders");
        assertThatThrownBy(() -> read(t -> t.setTable("public.orders; drop table x")))
                .hasMessageStartingWith("spec.triggers[1].databaseChange.table");
        assertThatThrownBy(() -> read(t -> t.setStartingPosition("AT_TIMESTAMP")))
                .hasMessage("spec.triggers[1].databaseChange.startingPosition: AT_TIMESTAMP is not LATEST or"
                        + " TRIM_HORIZON");
        assertThatThrownBy(() -> read(t -> t.setBatchSize(10_001)))
                .hasMessageStartingWith("spec.triggers[1].databaseChange.batchSize");
        assertThatThrownBy(() -> read(t -> t.setMaximumRetryAttempts(-2)))
                .hasMessageStartingWith("spec.triggers[1].databaseChange.maximumRetryAttempts");
        assertThatThrownBy(() -> read(t -> t.setOnFailureQueue("payroll.failed")))
                .hasMessageStartingWith("spec.triggers[1].databaseChange.onFailureQueue: payroll.failed is not a"
                        + " queue of namespace shop");
    }
}
