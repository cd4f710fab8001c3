package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerTest {

    @Test
    void greetsWhoeverTheEventNames() {
        assertEquals(Map.of("message", "Hello, kfn!"), new Handler().handleRequest(Map.of("name", "kfn"), null));
    }

    @Test
    void greetsTheWorldWhenNoOneIsNamed() {
        assertEquals(Map.of("message", "Hello, world!"), new Handler().handleRequest(Map.of(), null));
    }
}
