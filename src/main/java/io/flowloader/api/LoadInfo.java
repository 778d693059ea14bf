package io.flowloader.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadSummary;
import io.flowloader.pkg.LoadWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One load package as the API shows it, after dlt's {@code load_info}: status, trigger, timings,
 * rows per table, schema changes, the error, if any, and (for one load) the normalizer's warnings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadInfo(
    String loadId,
    String tenant,
    String dataset,
    String trigger,
    String status,
    Instant startedAt,
    Instant stagedAt,
    Instant finishedAt,
    Double durationSeconds,
    long rows,
    List<TableInfo> tables,
    JsonNode schemaChanges,
    String error,
    List<LoadWarning> warnings) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Rows staged and loaded for one table. */
  public record TableInfo(String table, long rows, String status, String error) {}

  /** The report of a package read for it ({@code GET /loads}, {@code GET /loads/{id}}). */
  static LoadInfo of(LoadSummary pkg) {
    Instant end = pkg.finishedAt();
    return new LoadInfo(
        pkg.loadId(),
        pkg.tenant(),
        pkg.dataset(),
        lower(pkg.trigger()),
        lower(pkg.status()),
        pkg.startedAt(),
        pkg.stagedAt(),
        end,
        durationSeconds(pkg.startedAt(), end),
        pkg.rows(),
        pkg.jobs().stream().map(LoadInfo::table).toList(),
        tree(pkg.schemaChangesJson()),
        pkg.error(),
        null);
  }

  /**
   * This report with the normalizer's warnings of the load (values repaired or dropped beyond what
   * dlt does, see docs/dlt-compatibility.md); none leaves the field out.
   */
  LoadInfo withWarnings(List<LoadWarning> found) {
    return new LoadInfo(
        loadId,
        tenant,
        dataset,
        trigger,
        status,
        startedAt,
        stagedAt,
        finishedAt,
        durationSeconds,
        rows,
        tables,
        schemaChanges,
        error,
        found.isEmpty() ? null : List.copyOf(found));
  }

  /** The report of a package at hand ({@code POST /loads}). */
  static LoadInfo of(LoadPackage pkg) {
    return of(LoadSummary.of(pkg));
  }

  /**
   * Parsed rather than written out raw: jsonb's text is spaced, and Jackson's parse and write
   * compacts it as cheaply as a hand-written compactor would (bench/README.md, "Small
   * measurements").
   */
  private static JsonNode tree(String json) {
    return json == null ? null : JSON.readTree(json);
  }

  private static TableInfo table(LoadJob job) {
    return new TableInfo(job.tableName(), job.rows(), lower(job.status()), job.error());
  }

  private static Double durationSeconds(Instant start, Instant end) {
    return end == null ? null : Duration.between(start, end).toMillis() / 1000.0;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
