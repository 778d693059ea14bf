package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB bare-array response and a 50 MB envelope page extract in a JVM limited to 128 MB of heap:
 * the heap needed is independent of the response size. A run that held the body or all its records
 * in memory dies with OutOfMemoryError and this test fails.
 */
class LargeResponseTests {

  @Test
  void fiftyMegabyteResponsesExtractUnderA128MegabyteHeap() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                LargeResponseProbe.class.getName(),
                "50")
            .redirectErrorStream(true)
            .start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("probe finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    String result =
        output
            .lines()
            .filter(l -> l.startsWith("RESULT"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no result in: " + output));
    String expected = result.replaceAll(".*expected=(\\d+).*", "$1");
    assertThat(Long.parseLong(expected)).isGreaterThan(25_000);
    assertThat(result)
        .contains("flows=" + expected)
        .contains("users=" + expected)
        .contains("last=" + (Long.parseLong(expected) - 1))
        .contains("maxHeapMb=12");
  }
}
