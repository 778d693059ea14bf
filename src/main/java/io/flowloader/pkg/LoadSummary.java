package io.flowloader.pkg;

import java.time.Instant;
import java.util.List;

/**
 * What a report on a load package shows, read without the columns only the pipeline needs ({@link
 * LoadSummaries}).
 *
 * @param schemaChangesJson the stored schema changes as jsonb's text, or {@code null}
 * @param jobs the package's jobs, sorted by table name
 */
public record LoadSummary(
    String loadId,
    String tenant,
    String dataset,
    Trigger trigger,
    PackageStatus status,
    Instant startedAt,
    Instant stagedAt,
    Instant finishedAt,
    List<LoadJob> jobs,
    String schemaChangesJson,
    String error) {

  public LoadSummary {
    jobs = List.copyOf(jobs);
  }

  /** The summary of a package at hand (as {@link LoadSummaries} would read it back). */
  public static LoadSummary of(LoadPackage pkg) {
    return new LoadSummary(
        pkg.loadId(),
        pkg.tenant(),
        pkg.dataset(),
        pkg.trigger(),
        pkg.status(),
        pkg.startedAt(),
        pkg.stagedAt(),
        pkg.finishedAt(),
        pkg.jobs().stream().sorted(LoadSummaries.BY_TABLE).toList(),
        pkg.schemaChanges() == null ? null : pkg.schemaChanges().json(),
        pkg.error());
  }

  public long rows() {
    long rows = 0;
    for (LoadJob job : jobs) {
      rows += job.rows();
    }
    return rows;
  }
}
