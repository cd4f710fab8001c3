package dev.kfn.runtime.provided;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceHeaderTest {

    @Test
    void traceparentBecomesXRayHeader() {
        assertThat(TraceHeader.fromTraceparent("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01"))
                .hasValue("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        assertThat(TraceHeader.fromTraceparent("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00"))
                .hasValue("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
    }

    @Test
    void malformedTraceparentGivesNoHeader() {
        assertThat(TraceHeader.fromTraceparent("not-a-trace")).isEmpty();
    }
}
