package dev.kfn.operator.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.contract.FunctionId;
import java.nio.charset.StandardCharsets;

/**
 * What a firing delivers: EventBridge's Scheduled Event ({@code com.amazonaws.services.lambda.runtime.events.ScheduledEvent}),
 * or the schedule's fixed input instead. The namespace stands in the account field, as in kfn's function ARNs.
 * {@code detail} is {@code {}} as AWS sends it, unless the firing is late: then it says by how much and how many
 * scheduled times it stands for, so a handler can tell.
 */
public final class ScheduledEventPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduledEventPayload() {}

    public static byte[] of(Schedule schedule, FiringPlan.Due due, FunctionId function, int trigger, String region) {
        if (schedule.input().isPresent()) {
            return schedule.input().get().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", due.id().toString())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", function.namespace())
                .put("time", due.scheduled().toString())
                .put("region", region);
        event.putArray("resources").add(arn(region, function, trigger));
        ObjectNode detail = event.putObject("detail");
        if (due.late()) {
            detail.put("late", true)
                    .put("secondsLate", due.lateBy().toSeconds())
                    .put("missedFirings", due.missed());
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** The schedule's EventBridge Scheduler-shaped ARN: group = the function, name = the trigger. */
    public static String arn(String region, FunctionId function, int trigger) {
        return "arn:aws:scheduler:" + region + ":" + function.namespace() + ":schedule/" + function.name() + "/trigger-"
                + trigger;
    }
}
