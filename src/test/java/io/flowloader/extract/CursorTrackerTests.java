package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CursorTrackerTests {

  private static IncrementalConfig cfg(String initial, String end, Duration lag) {
    return new IncrementalConfig(
        JsonPath.parse("dateModified"), initial, end, lag, null, null, null, null);
  }

  private static JsonNode rec(String id, String date) {
    return Extractor.JSON.readTree("{\"id\":\"" + id + "\",\"dateModified\":\"" + date + "\"}");
  }

  @Test
  void firstLoadKeepsEverythingAndTracksTheMaximum() {
    CursorTracker t = new CursorTracker(cfg(null, null, Duration.ZERO), null, List.of("id"));
    assertThat(t.startValue()).isNull();
    assertThat(t.accept(rec("a", "2025-01-20T16:45:31.902Z"))).isTrue();
    assertThat(t.accept(rec("b", "2025-01-20T16:45:31.9020000+00:00"))).isTrue();
    assertThat(t.accept(rec("c", "2024-01-01T00:00:00Z"))).isTrue();
    CursorValue v = t.result();
    assertThat(v.value()).isEqualTo("2025-01-20T16:45:31.902Z");
    assertThat(v.boundaryKeys()).containsExactly("[\"a\"]", "[\"b\"]");
  }

  @Test
  void closedLowerBoundWithBoundaryDedup() {
    CursorValue stored = new CursorValue("2025-01-20T16:45:31.902Z", List.of("[\"a\"]"));
    CursorTracker t = new CursorTracker(cfg(null, null, Duration.ZERO), stored, List.of("id"));
    assertThat(t.startValue()).isEqualTo("2025-01-20T16:45:31.902Z");
    assertThat(t.accept(rec("a", "2025-01-20T16:45:31.902+00:00"))).isFalse();
    assertThat(t.accept(rec("b", "2025-01-20T16:45:31.902Z"))).isTrue();
    assertThat(t.accept(rec("old", "2025-01-20T16:45:31.901Z"))).isFalse();
    assertThat(t.result().boundaryKeys()).containsExactlyInAnyOrder("[\"a\"]", "[\"b\"]");
  }

  @Test
  void lagReopensAWindowAndEndValueIsExclusive() {
    CursorValue stored = new CursorValue("2025-01-20T12:00:00Z", List.of());
    CursorTracker t =
        new CursorTracker(
            cfg(null, "2025-01-21T00:00:00Z", Duration.ofHours(1)), stored, List.of("id"));
    assertThat(t.startValue()).isEqualTo("2025-01-20T11:00:00Z");
    assertThat(t.accept(rec("x", "2025-01-20T11:30:00Z"))).isTrue();
    assertThat(t.accept(rec("y", "2025-01-21T00:00:00Z"))).isFalse();
    // Nothing newer than the stored value: the cursor does not move back.
    assertThat(t.result()).isEqualTo(stored);
  }

  @Test
  void initialValueAndNumbers() {
    CursorTracker t =
        new CursorTracker(cfg("2025-01-01", null, Duration.ZERO), null, List.of("id"));
    assertThat(t.startValue()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(CursorTracker.compare("10", "9")).isPositive();
    assertThat(CursorTracker.minus("100", Duration.ofSeconds(5))).isEqualTo("95");
  }
}
