package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.ResourceSettings;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.support.golden.GoldenCase;
import io.flowloader.support.golden.PostgresGolden;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance test of dlt compatibility: every dlt golden case, each run normalized and
 * committed through the real load stage into a fresh dataset schema, then the dataset read back
 * from PostgreSQL's catalog and compared with {@code expected.json} as dlt-golden/README.md says
 * ("What must match"): tables, ordered columns with types and nullability, UNIQUE constraints and
 * indexes, rows with lineage ids matched symbolically, {@code _dlt_loads} rows, {@code
 * _dlt_pipeline_state} rows and the system tables' columns. A run dlt fails
 * (docs/dlt-compatibility.md, "Where the service goes beyond dlt") must either be rejected with
 * nothing committed, or load as that section describes; its snapshot is not normative.
 */
class GoldenLoadIntegrationTests extends LoadTestSupport {

  static Stream<String> cases() {
    return GoldenCase.names().stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyRunMatchesDlt(String name) throws IOException {
    JsonNode input = GoldenShapeIntegrationTests.resource("/dlt-golden/" + name + "/input.json");
    JsonNode expected =
        GoldenShapeIntegrationTests.resource("/dlt-golden/" + name + "/expected.json");
    JsonNode meta = input.get("meta");
    String resource = meta.get("resource").asString();
    String dataset = expected.get("db_schema").asString();
    ResourceSettings settings = settings(meta);

    List<String> loadIds = new ArrayList<>();
    JsonNode runs = input.get("runs");
    for (int r = 0; r < runs.size(); r++) {
      JsonNode want = expected.get("runs").get(r);
      boolean mustLoad = "loaded".equals(want.get("outcome").asString());
      Schema current =
          loader.currentSchema(dataset, "boomi_flow").orElse(Schema.empty("boomi_flow"));
      int loadsBefore = loads(dataset);
      LoadPackage loaded = null;
      RuntimeException failure = null;
      try (StagingWriter writer =
          loader.open("golden-" + name, dataset, Trigger.MANUAL, List.of(resource))) {
        Normalizer normalizer =
            new Normalizer(current, writer.loadId(), Map.of(resource, settings));
        normalizer.deferChildIds(true); // as LoadPipeline: ids hashed by the staging sender
        for (JsonNode record : runs.get(r)) {
          normalizer.normalize(
              resource, record, row -> writer.write(normalizer.schema().table(row.table()), row));
        }
        LoadPackage staged = writer.finish(normalizer.schema(), Map.of(), null);
        loaded = loader.commit(staged);
        loadIds.add(loaded.loadId());
      } catch (RuntimeException e) {
        failure = e;
      }
      if (mustLoad) {
        if (failure != null) {
          throw new AssertionError(name + " run " + (r + 1) + " failed", failure);
        }
        assertThat(loaded.status()).isEqualTo(PackageStatus.LOADED);
      } else {
        // dlt failed this run (docs/dlt-compatibility.md): the service rejects what it keeps
        // rejecting and
        // commits nothing of it; everything else it loads, with the repair the contract names.
        String message = want.path("message").asString("");
        boolean reject = message.contains("Cannot coerce") || message.contains("violates not-null");
        System.out.printf(
            "golden %s run %d (dlt: failed): %s%n",
            name, r + 1, failure == null ? "loaded" : "rejected: " + failure.getMessage());
        if (reject) {
          assertThat(failure).as(name + " run " + (r + 1) + " must be rejected").isNotNull();
          assertThat(loads(dataset)).isEqualTo(loadsBefore);
          loadIds.add("<failed run " + (r + 1) + ">");
        } else {
          if (failure != null) {
            throw new AssertionError(name + " run " + (r + 1) + " must load (beyond dlt)", failure);
          }
          assertThat(loads(dataset)).isEqualTo(loadsBefore + 1);
        }
      }
      if (mustLoad && want.get("snapshot_normative").asBoolean()) {
        DatasetSnapshot actual = DatasetSnapshot.read(jdbc, dataset);
        List<String> problems =
            new ArrayList<>(
                GoldenAssertions.compare(
                    want.get("snapshot").get("<dataset>"), actual, loadIds, true));
        // Second opinion: order-independent, and checks every child _dlt_id against dlt's formula.
        problems.addAll(PostgresGolden.problems(name, r + 1, dataset, loadIds));
        if (!problems.isEmpty()) {
          fail(name + " run " + (r + 1) + ":\n" + String.join("\n", problems));
        }
      }
    }
  }

  private int loads(String dataset) {
    if (!DatasetCatalog.tables(jdbc, dataset).containsKey("_dlt_loads")) {
      return 0;
    }
    return jdbc.queryForObject(
        "SELECT count(*) FROM " + Sql.table(dataset, "_dlt_loads"), Integer.class);
  }

  private static ResourceSettings settings(JsonNode meta) {
    JsonNode wd = meta.get("write_disposition");
    WriteDisposition disposition = WriteDisposition.APPEND;
    if (wd != null && wd.isString()) {
      disposition = WriteDisposition.valueOf(wd.asString().toUpperCase(java.util.Locale.ROOT));
    } else if (wd != null && wd.isObject()) {
      disposition =
          "upsert".equals(wd.path("strategy").asString(""))
              ? WriteDisposition.UPSERT
              : WriteDisposition.valueOf(
                  wd.get("disposition").asString().toUpperCase(java.util.Locale.ROOT));
    }
    List<String> key = new ArrayList<>();
    JsonNode pk = meta.get("primary_key");
    if (pk != null && pk.isString()) {
      key.add(pk.asString());
    } else if (pk != null && pk.isArray()) {
      pk.forEach(k -> key.add(k.asString()));
    }
    return ResourceSettings.of(disposition, key.toArray(String[]::new));
  }

  /**
   * docs/dlt-compatibility.md, "Where the service goes beyond dlt": where dlt fails on a value the
   * service loads it, and says so.
   */
  @Test
  void valuesDltCannotLoadAreLoadedAsTheContractSays() throws IOException {
    String dataset = uniqueName("beyond_v09");
    JsonNode input =
        GoldenShapeIntegrationTests.resource("/dlt-golden/v09_numeric_limits/input.json");
    for (JsonNode run : input.get("runs")) {
      loadRun(dataset, "big_numbers", ResourceSettings.defaults(), run);
    }
    String table = Sql.table(dataset, "big_numbers");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM " + Sql.table(dataset, "_dlt_loads"), Integer.class))
        .isEqualTo(4);
    // 2^63 in a new column: numeric, exact
    assertThat(
            jdbc.queryForObject(
                "SELECT brand_new::text FROM " + table + " WHERE id = 3", String.class))
        .startsWith("9223372036854775808");
    assertThat(
            jdbc.queryForObject(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ?::regclass"
                    + " AND attname = 'brand_new'",
                String.class,
                table))
        .isEqualTo("numeric(156,78)");
    // 2^64 into the existing text column: its decimal text
    assertThat(jdbc.queryForObject("SELECT note FROM " + table + " WHERE id = 4", String.class))
        .isEqualTo("18446744073709551616");
    // "Infinity" coerced into the double column: PostgreSQL's Infinity
    assertThat(jdbc.queryForObject("SELECT ratio FROM " + table + " WHERE id = 5", Double.class))
        .isEqualTo(Double.POSITIVE_INFINITY);

    String unicode = uniqueName("beyond_v10");
    JsonNode v10 =
        GoldenShapeIntegrationTests.resource("/dlt-golden/v10_unicode_values/input.json");
    for (JsonNode run : v10.get("runs")) {
      loadRun(unicode, "unicode_values", ResourceSettings.defaults(), run);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT text FROM " + Sql.table(unicode, "unicode_values") + " WHERE id = 99",
                String.class))
        .isEqualTo("nul\uFFFDinside");
  }

  private LoadPackage loadRun(
      String dataset, String resource, ResourceSettings settings, JsonNode records) {
    Schema current = loader.currentSchema(dataset, "boomi_flow").orElse(Schema.empty("boomi_flow"));
    try (StagingWriter writer =
        loader.open("golden-beyond", dataset, Trigger.MANUAL, List.of(resource))) {
      Normalizer normalizer = new Normalizer(current, writer.loadId(), Map.of(resource, settings));
      normalizer.deferChildIds(true);
      for (JsonNode record : records) {
        normalizer.normalize(
            resource, record, row -> writer.write(normalizer.schema().table(row.table()), row));
      }
      return loader.commit(writer.finish(normalizer.schema(), Map.of(), null));
    }
  }
}
