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

  /**
   * The pre-filter is the tracker's state-free part: every record it drops the tracker drops too,
   * and a tracker that sees only the records it keeps decides and ends exactly as one that sees
   * them all — date-times in several forms, numbers, text, absent and null values, the boundary.
   */
  @Test
  void preFilterDropsOnlyWhatTheTrackerDropsAndChangesNoResult() {
    String[] values = {
      "2025-01-20T16:45:31.902Z",
      "2025-01-20T16:45:31.9020000+00:00",
      "2025-01-20T17:45:31.902+01:00",
      "2025-01-20T16:45:31.901Z",
      "2025-01-20T16:45:31.903Z",
      "2025-01-20T15:00:00Z",
      "2025-01-20",
      "2025-01-21",
      "2025-01-22T00:00:00Z",
      "2025-01-23T00:00:00Z",
      "2024-12-31T23:59:59Z",
      "not a date",
      "",
    };
    List<IncrementalConfig> configs =
        List.of(
            cfg(null, null, Duration.ZERO),
            cfg(null, "2025-01-22T00:00:00Z", Duration.ZERO),
            cfg(null, null, Duration.ofHours(1)),
            cfg("2025-01-20", "2025-01-23", Duration.ZERO));
    CursorValue stored = new CursorValue("2025-01-20T16:45:31.902Z", List.of("[\"k1\"]"));
    java.util.Random random = new java.util.Random(7);
    for (IncrementalConfig config : configs) {
      for (CursorValue from : java.util.Arrays.asList(stored, null)) {
        CursorTracker all = new CursorTracker(config, from, List.of("id"));
        CursorTracker filtered = new CursorTracker(config, from, List.of("id"));
        CursorFilter pre = filtered.preFilter();
        int dropped = 0;
        for (int i = 0; i < 2000; i++) {
          String id = "k" + random.nextInt(5);
          int pick = random.nextInt(values.length + 2);
          JsonNode r =
              pick < values.length
                  ? rec(id, values[pick])
                  : pick == values.length
                      ? Extractor.JSON.readTree("{\"id\":\"" + id + "\"}")
                      : Extractor.JSON.readTree("{\"id\":\"" + id + "\",\"dateModified\":null}");
          boolean keptByAll = all.accept(r);
          if (pre != null && pre.drops(r)) {
            dropped++;
            assertThat(keptByAll).as("%s", r).isFalse();
          } else {
            assertThat(filtered.accept(r)).as("%s", r).isEqualTo(keptByAll);
          }
        }
        assertThat(filtered.result()).isEqualTo(all.result());
        assertThat(pre == null)
            .isEqualTo(config.initialValue() == null && from == null && config.endValue() == null);
        if (pre != null) {
          assertThat(dropped).isPositive();
        }
      }
    }
  }

  @Test
  void numericCursorsPreFilterAsNumbers() {
    IncrementalConfig config =
        new IncrementalConfig(JsonPath.parse("a.n"), null, "100", null, null, null, null, null);
    CursorFilter pre =
        new CursorTracker(config, new CursorValue("9.5", List.of()), List.of("id")).preFilter();
    assertThat(pre.drops("9.4")).isTrue();
    assertThat(pre.drops("9.50")).isFalse();
    assertThat(pre.drops("10")).isFalse();
    assertThat(pre.drops("100")).isTrue();
    assertThat(pre.drops((String) null)).isFalse();
    assertThat(pre.drops(Extractor.JSON.readTree("{\"a\":{\"n\":9}}"))).isTrue();
    assertThat(pre.drops(Extractor.JSON.readTree("{\"a\":{\"n\":null}}"))).isFalse();
    assertThat(pre.drops(Extractor.JSON.readTree("{\"a\":[{\"n\":9}]}"))).isFalse();
  }
}
