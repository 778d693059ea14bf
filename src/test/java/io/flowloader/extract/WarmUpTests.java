package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.flowloader.normalize.Normalizer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The start-up warm-ups are local, repeatable and never throw. */
class WarmUpTests {

  @Test
  void warmUpsRunRepeatedlyWithoutFailing() {
    assertThatCode(
            () -> {
              for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                Extractor.warmUp();
                Normalizer.warmUp();
                if (Duration.ofNanos(System.nanoTime() - started).toSeconds() > 30) {
                  throw new AssertionError("warm-up took more than 30 s");
                }
              }
            })
        .doesNotThrowAnyException();
  }
}
