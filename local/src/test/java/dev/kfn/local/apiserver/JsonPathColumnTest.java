package dev.kfn.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathColumnTest {

    private static final JsonNode FUNCTION = read("""
        {"metadata": {"name": "hello", "labels": {"app.kubernetes.io/name": "hello"}},
         "spec": {"containers": [{"name": "host", "image": "kfn/host"}, {"name": "side", "image": "kfn/side"}]},
         "status": {"replicas": 2, "conditions": [
             {"type": "QueueReady", "status": "True", "reason": "Declared"},
             {"type": "Ready", "status": "False", "reason": "InitError"}]}}
        """);

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String first(String path) {
        return JsonPathColumn.parse(path).find(FUNCTION).get(0).asText();
    }

    @Test
    void followsFieldsIndexesAndQuotedNames() {
        assertThat(first(".status.replicas")).isEqualTo("2");
        assertThat(first(".spec.containers[1].image")).isEqualTo("kfn/side");
        assertThat(first(".metadata.labels['app.kubernetes.io/name']")).isEqualTo("hello");
        assertThat(first("{$.metadata.name}")).isEqualTo("hello");
    }

    @Test
    void filtersElementsByAFieldAsThePrinterColumnsOfTheFunctionCrdDo() {
        assertThat(first(".status.conditions[?(@.type==\"Ready\")].reason")).isEqualTo("InitError");
        assertThat(first(".status.conditions[?(@.type!='Ready')].type")).isEqualTo("QueueReady");
    }

    @Test
    void reachesEveryElementAndNothingWhereTheDocumentEnds() {
        assertThat(JsonPathColumn.parse(".spec.containers[*].name").find(FUNCTION))
                .extracting(JsonNode::asText)
                .containsExactly("host", "side");
        assertThat(JsonPathColumn.parse(".status.endpoint").find(FUNCTION)).isEmpty();
        assertThat(JsonPathColumn.parse(".spec.containers[5].name").find(FUNCTION))
                .isEmpty();
    }

    @Test
    void rejectsWhatIsNotASimplePath() {
        assertThatThrownBy(() -> JsonPathColumn.parse("status.replicas")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPathColumn.parse(".spec.containers[?(@.name=~/h.*/)]"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
