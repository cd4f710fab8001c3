package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** How fast the autoscaler gives instances back. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Scaling {

    @Default(Bounds.SCALE_TO_ZERO_AFTER_DEFAULT)
    @Pattern(Bounds.DURATION_PATTERN)
    @ValidationRule(
            value = "duration(self) <= duration('" + Bounds.SCALING_WINDOW_MAX + "')",
            message = "scaleToZeroAfter must be at most " + Bounds.SCALING_WINDOW_MAX)
    @JsonPropertyDescription("Idle time with no demand before the last instance goes (when nothing is provisioned).")
    private String scaleToZeroAfter = Bounds.SCALE_TO_ZERO_AFTER_DEFAULT;

    @Default(Bounds.SCALE_DOWN_DELAY_DEFAULT)
    @Pattern(Bounds.DURATION_PATTERN)
    @ValidationRule(
            value = "duration(self) <= duration('" + Bounds.SCALING_WINDOW_MAX + "')",
            message = "scaleDownDelay must be at most " + Bounds.SCALING_WINDOW_MAX)
    @JsonPropertyDescription("Scale down only to the most instances wanted over this window.")
    private String scaleDownDelay = Bounds.SCALE_DOWN_DELAY_DEFAULT;

    public String getScaleToZeroAfter() {
        return scaleToZeroAfter;
    }

    public void setScaleToZeroAfter(String scaleToZeroAfter) {
        this.scaleToZeroAfter = scaleToZeroAfter;
    }

    public String getScaleDownDelay() {
        return scaleDownDelay;
    }

    public void setScaleDownDelay(String scaleDownDelay) {
        this.scaleDownDelay = scaleDownDelay;
    }
}
