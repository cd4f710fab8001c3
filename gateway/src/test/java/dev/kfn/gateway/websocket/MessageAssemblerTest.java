package dev.kfn.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

    private final MessageAssembler assembler = new MessageAssembler(4, 10);

    @Test
    void framesJoinIntoOneMessageOfTheFirstFramesType() {
        assertThat(assembler.frame(true, true, "abc".getBytes(), false))
                .isInstanceOf(MessageAssembler.Incomplete.class);
        MessageAssembler.Outcome done = assembler.frame(false, false, "defg".getBytes(), true);

        assertThat(done).isInstanceOfSatisfying(MessageAssembler.Message.class, m -> {
            assertThat(new String(m.data())).isEqualTo("abcdefg");
            assertThat(m.text()).isTrue();
        });
    }

    @Test
    void aFrameOrAMessageOverItsBoundIsTooBig() {
        assertThat(assembler.frame(true, true, "abcde".getBytes(), true))
                .isEqualTo(new MessageAssembler.TooBig("Frame of 5 bytes exceeds 4"));
        assembler.frame(true, false, "abcd".getBytes(), false);
        assembler.frame(false, false, "abcd".getBytes(), false);
        assertThat(assembler.frame(false, false, "abc".getBytes(), true))
                .isEqualTo(new MessageAssembler.TooBig("Message exceeds 10 bytes"));
    }
}
