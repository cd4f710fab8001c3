package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where an asynchronous invocation record is sent: exactly one of a function, a queue or a topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "[has(self.function), has(self.queue), has(self.topic)].filter(x, x).size() == 1",
        message = "a destination needs exactly one of function, queue or topic")
public class Destination {

    @JsonPropertyDescription("A Function, as name or namespace/name.")
    private String function;

    @JsonPropertyDescription("A broker queue.")
    private String queue;

    @JsonPropertyDescription("A kfn topic.")
    private String topic;

    public String getFunction() {
        return function;
    }

    public void setFunction(String function) {
        this.function = function;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }
}
