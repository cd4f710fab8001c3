package dev.kfn.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostJvmTest {

    @Test
    void smallJavaFunctionGetsTheFlagsMeasuredIn128Mi() {
        assertThat(HostJvm.options(128, Runtime.JAVA))
                .containsExactly(
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Xmx48m",
                        "-Xss256k",
                        "-XX:+UseSerialGC",
                        "-XX:MaxMetaspaceSize=64m",
                        "-XX:ReservedCodeCacheSize=32m",
                        "-XX:TieredStopAtLevel=1");
    }

    @Test
    void heapGrowsWithMemoryAndC2ComesBackAbove512Mi() {
        assertThat(HostJvm.options(256, Runtime.JAVA)).contains("-Xmx96m", "-XX:TieredStopAtLevel=1");
        assertThat(HostJvm.options(1024, Runtime.JAVA)).contains("-Xmx614m").doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(HostJvm.options(4096, Runtime.JAVA)).contains("-Xmx2867m", "-XX:+UseG1GC");
    }

    @Test
    void providedHostStaysSmallWhateverTheMemory() {
        assertThat(HostJvm.options(4096, Runtime.PROVIDED)).contains("-Xmx48m", "-XX:+UseSerialGC");
    }

    @Test
    void commandRunsTheHostJarFromTheImagesAotCache() {
        assertThat(HostJvm.command(128, Runtime.JAVA))
                .startsWith("java", "-XX:AOTCache=/opt/kfn/host/app.aot")
                .endsWith("-jar", HostJvm.JAR);
    }
}
