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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Runs every dlt golden vector through the normalizer (schema carried across runs) and an in-memory
 * dataset that applies the write dispositions, and compares the data tables with dlt's snapshot
 * after every loaded run: tables, parents, column order, PostgreSQL types, nullability, rows,
 * lineage ids (symbolically, child ids by formula). Runs where dlt failed are checked against the
 * service behaviour of docs/dlt-compatibility.md, "Where the service goes beyond dlt".
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
        assertServiceBehaviour(name, run, expected, normalizer, rows, failure);
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

  /**
   * dlt failed this run; the service either loads with a repair (beyond dlt) or rejects the run
   * clearly. Which one follows from dlt's failure (exception and message), so vectors with other
   * data of the same kinds are judged the same way; the visible vectors' values are checked
   * exactly.
   */
  private static void assertServiceBehaviour(
      String name,
      int run,
      ExpectedRun expected,
      Normalizer normalizer,
      List<NormalizedRow> rows,
      RuntimeException e) {
    Set<Kind> repairs =
        normalizer.warnings().stream().map(NormalizeWarning::kind).collect(Collectors.toSet());
    String message = expected.message() == null ? "" : expected.message();
    String what = name + " run " + run + " (dlt: " + message + ")";
    if (message.contains("Cannot coerce") || message.contains("violates not-null")) {
      // the failures the service keeps rejecting: a clear rejection naming table and column
      assertThat(e).as(what).isInstanceOf(NormalizeException.class);
      NormalizeException n = (NormalizeException) e;
      Matcher m = Pattern.compile("table `([^`]+)` column `([^`]+)`").matcher(message);
      if (m.find()) {
        assertThat(n.table()).as(what).isEqualTo(m.group(1));
        assertThat(n.column()).as(what).isEqualTo(m.group(2));
        assertThat(n.getMessage()).contains(m.group(1), m.group(2), "discard_value");
      }
      assertThat(n.recordKey()).as(what).isNotBlank();
      return;
    }
    // the service loads these (beyond dlt): no failure, the repair is counted, nothing unstorable
    // remains
    assertThat(e).as(what).isNull();
    for (NormalizedRow r : rows) {
      for (Object v : r.values()) {
        if (v instanceof String s) {
          assertThat(s.indexOf('\u0000')).as(what).isNegative();
        }
      }
    }
    if (message.contains("bigint out of range") || message.contains("64-bit range")) {
      assertThat(repairs).as(what).contains(Kind.HUGE_INTEGER);
    } else if (message.contains("\"inf\"") || message.contains("\"nan\"")) {
      assertThat(repairs).as(what).contains(Kind.NON_FINITE_DOUBLE);
    } else if (message.contains("unterminated quoted string") || message.contains("surrogates")) {
      assertThat(repairs).as(what).contains(Kind.INVALID_CHARACTER_REPLACED);
    } else if (message.contains("KeyError")) {
      assertThat(repairs).as(what).contains(Kind.UNDERSCORE_KEY_RENAMED);
    } else {
      assertThat(repairs).as(what).containsAnyElementsOf(SERVICE_REPAIRS);
    }
    switch (name + "#" + run) {
      case "v09_numeric_limits#2" -> {
        assertThat(normalizer.schema().table("big_numbers").column("brand_new"))
            .hasValueSatisfying(c -> assertThat(c.type()).isEqualTo(DataType.DECIMAL));
        assertThat(value(normalizer, rows, "big_numbers", "brand_new"))
            .isEqualTo(new BigDecimal("9223372036854775808"));
      }
      case "v09_numeric_limits#3" ->
          assertThat(value(normalizer, rows, "big_numbers", "note"))
              .isEqualTo("18446744073709551616");
      case "v09_numeric_limits#4" ->
          assertThat(value(normalizer, rows, "big_numbers", "ratio"))
              .isEqualTo(Double.POSITIVE_INFINITY);
      default -> {}
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
