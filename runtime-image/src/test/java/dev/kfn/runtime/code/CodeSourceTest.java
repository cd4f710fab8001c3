package dev.kfn.runtime.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeSourceTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void fetchesHttpsAndFilesOfTheImage() throws Exception {
        assertThat(CodeSource.of("https://code.example/fn.zip", Optional.empty(), false)
                        .local())
                .isFalse();
        assertThat(CodeSource.of("file:/opt/functions/hello.jar", Optional.empty(), false)
                        .local())
                .isTrue();
    }

    @Test
    void refusesPlainHttpUnlessAllowed() throws Exception {
        assertThatThrownBy(() -> CodeSource.of("http://code.example/fn.zip", Optional.empty(), false))
                .isInstanceOfSatisfying(
                        CodeUnavailable.class, e -> assertThat(e.errorType()).isEqualTo("Runtime.CodeURLRefused"))
                .hasMessageContaining("plain http")
                .hasMessageContaining("use https");
        assertThat(CodeSource.of("http://code.example/fn.zip", Optional.empty(), true)
                        .url()
                        .getHost())
                .isEqualTo("code.example");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> CodeSource.of("ftp://code.example/fn.zip", Optional.empty(), true))
                .isInstanceOfSatisfying(
                        CodeUnavailable.class, e -> assertThat(e.errorType()).isEqualTo("Runtime.CodeURLRefused"));
        assertThatThrownBy(() -> CodeSource.of("fn.zip", Optional.empty(), true))
                .isInstanceOf(CodeUnavailable.class);
    }

    @Test
    void readsTheDigestAsHexInEitherCase() throws Exception {
        assertThat(CodeSource.of("https://x/fn.zip", Optional.of(SHA.toUpperCase()), false)
                        .sha256())
                .contains(SHA);
        assertThat(CodeSource.of("https://x/fn.zip", Optional.of(" "), false).sha256())
                .isEmpty();
    }

    @Test
    void refusesADigestThatIsNoSha256() {
        for (String digest : new String[] {"abc", SHA.substring(2), SHA.replace('a', 'z')}) {
            assertThatThrownBy(() -> CodeSource.of("https://x/fn.zip", Optional.of(digest), false))
                    .isInstanceOfSatisfying(
                            CodeUnavailable.class,
                            e -> assertThat(e.errorType()).isEqualTo("Runtime.CodeDigestMismatch"))
                    .hasMessageContaining("64 hex digits");
        }
    }
}
