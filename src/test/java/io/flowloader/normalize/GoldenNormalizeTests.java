package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.normalize.NormalizeWarning.Kind;
import io.flowloader.support.golden.ExpectedRun;
import io.flowloader.support.golden.GoldenCase;
import io.flowloader.support.golden.GoldenComparator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Runs every dlt golden vector through the normalizer (schema carried across runs) and an in-memory
 * dataset that applies the write dispositions, and compares the data tables with dlt's snapshot
 * after every loaded run: tables, parents, column order, PostgreSQL types, nullability, rows,
 * lineage ids (symbolically, child ids by formula). Runs where dlt failed are checked against the
 * service behaviour of dlt-compat.md §7.
 */
class GoldenNormalizeTests {

  private static final Set<Kind> SERVICE_REPAIRS =
      EnumSet.of(
          Kind.HUGE_INTEGER,
          Kind.NON_FINITE_DOUBLE,
          Kind.INVALID_CHARACTER_REPLACED,
          Kind.UNDERSCORE_KEY_RENAMED);

  static List<String> cases() {
    return GoldenCase.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void normalizesLikeDlt(String name) {
    GoldenCase golden = GoldenCase.load(name);
    Map<String, ResourceSettings> settings = Map.of(golden.resource(), golden.settings());
    Schema schema = Schema.empty("boomi_flow");
    InMemoryDataset dataset = new InMemoryDataset();
    Map<String, String> loadIds = new HashMap<>();
    for (int run = 1; run <= golden.runCount(); run++) {
      ExpectedRun expected = golden.expectedRun(run);
      String loadId = LoadId.next();
      Normalizer normalizer = new Normalizer(schema, loadId, settings);
      List<NormalizedRow> rows = new ArrayList<>();
      RuntimeException failure = null;
      try {
        for (JsonNode record : golden.records(run)) {
          normalizer.normalize(golden.resource(), record, rows::add);
        }
      } catch (NormalizeException e) {
        failure = e;
      }
      if (expected.loaded()) {
        if (failure != null) {
          throw new AssertionError(
              name + " run " + run + " failed: " + failure.getMessage(), failure);
        }
      } else {
        assertServiceBehaviour(name, run, normalizer, rows, failure);
        if (failure != null) {
          continue; // rejected: nothing of this run is committed, the schema stays as it was
        }
      }
      Schema next = normalizer.schema();
      assertVersioning(schema, next, normalizer);
      schema = next;
      dataset.apply(schema, rows);
      if (expected.loaded()) {
        loadIds.put(expected.loadIdSymbol(), loadId);
        if (expected.normative()) {
          List<String> problems =
              new GoldenComparator(loadIds).compare(expected.dataTables(), dataset.tables());
          assertThat(problems).as(name + " run " + run).isEmpty();
        }
      }
    }
  }

  private static void assertVersioning(Schema before, Schema after, Normalizer normalizer) {
    if (normalizer.changes().isEmpty()) {
      assertThat(after).isSameAs(before);
    } else {
      assertThat(after.version()).isEqualTo(before.version() + 1);
      assertThat(after.versionHash()).isNotEqualTo(before.versionHash()).isNotEmpty();
      Schema reread = Schema.fromJson(after.toJson());
      assertThat(reread).isEqualTo(after);
    }
  }

  /** dlt failed this run; the service either loads with a repair (§7) or rejects it clearly. */
  private static void assertServiceBehaviour(
      String name, int run, Normalizer normalizer, List<NormalizedRow> rows, RuntimeException e) {
    Set<Kind> repairs =
        normalizer.warnings().stream().map(NormalizeWarning::kind).collect(Collectors.toSet());
    switch (name + "#" + run) {
      case "v06_type_flips#2" -> {
        assertThat(e).isInstanceOf(NormalizeException.class);
        NormalizeException n = (NormalizeException) e;
        assertThat(n.table()).isEqualTo("type_flips");
        assertThat(n.column()).isEqualTo("ref__v_text");
        assertThat(n.recordKey()).contains("id=7");
        assertThat(n.getMessage())
            .contains("type_flips", "ref__v_text", "text", "timestamp", "discard_value");
      }
      case "v09_numeric_limits#2" -> {
        assertThat(e).isNull();
        TableSchema t = normalizer.schema().table("big_numbers");
        assertThat(t.column("brand_new").orElseThrow().type()).isEqualTo(DataType.DECIMAL);
        assertThat(value(normalizer, rows, "big_numbers", "brand_new"))
            .isEqualTo(new BigDecimal("9223372036854775808"));
        assertThat(repairs).contains(Kind.HUGE_INTEGER);
      }
      case "v09_numeric_limits#3" -> {
        assertThat(e).isNull();
        assertThat(value(normalizer, rows, "big_numbers", "note"))
            .isEqualTo("18446744073709551616");
        assertThat(repairs).contains(Kind.HUGE_INTEGER);
      }
      case "v09_numeric_limits#4" -> {
        assertThat(e).isNull();
        assertThat(value(normalizer, rows, "big_numbers", "ratio"))
            .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(repairs).contains(Kind.NON_FINITE_DOUBLE);
      }
      case "v10_unicode_values#2" -> {
        assertThat(e).isNull();
        assertThat(rows).isNotEmpty();
        for (NormalizedRow r : rows) {
          for (Object v : r.values()) {
            if (v instanceof String s) {
              assertThat(s).doesNotContain("\u0000");
            }
          }
        }
        assertThat(repairs).contains(Kind.INVALID_CHARACTER_REPLACED);
      }
      default -> {
        // other vectors of the same kinds: a clear rejection, or a load with a §7 repair
        if (e == null) {
          assertThat(repairs).as(name + " run " + run).containsAnyElementsOf(SERVICE_REPAIRS);
        } else {
          assertThat(e).isInstanceOf(NormalizeException.class);
          assertThat(((NormalizeException) e).table()).isNotBlank();
        }
      }
    }
  }

  private static Object value(
      Normalizer normalizer, List<NormalizedRow> rows, String table, String column) {
    int index = normalizer.schema().table(table).indexOf(column);
    return rows.stream()
        .filter(r -> r.table().equals(table) && r.values().length > index)
        .map(r -> r.values()[index])
        .filter(v -> v != null)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no value in " + table + "." + column));
  }
}
