package io.flowloader.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One load package as the API shows it, after dlt's {@code load_info}: status, trigger, timings,
 * rows per table, schema changes and the error, if any.
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
    String error) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Rows staged and loaded for one table. */
  public record TableInfo(String table, long rows, String status, String error) {}

  static LoadInfo of(LoadPackage pkg) {
    Instant end = pkg.finishedAt();
    return new LoadInfo(
        pkg.loadId(),
        pkg.tenant(),
        pkg.dataset(),
        pkg.trigger().name().toLowerCase(),
        pkg.status().name().toLowerCase(),
        pkg.startedAt(),
        pkg.stagedAt(),
        end,
        end == null ? null : Duration.between(pkg.startedAt(), end).toMillis() / 1000.0,
        pkg.rows(),
        pkg.jobs().stream()
            .sorted(Comparator.comparing(LoadJob::tableName))
            .map(
                j ->
                    new TableInfo(
                        j.tableName(), j.rows(), j.status().name().toLowerCase(), j.error()))
            .toList(),
        pkg.schemaChanges() == null ? null : JSON.readTree(pkg.schemaChanges().json()),
        pkg.error());
  }
}
