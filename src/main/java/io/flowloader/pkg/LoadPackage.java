package io.flowloader.pkg;

import java.time.Instant;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One load of one tenant (dlt's load package), a Spring Data JDBC aggregate with its per-table
 * {@link LoadJob}s.
 *
 * @param loadId dlt's load id (Unix seconds with a fraction, see {@link
 *     io.flowloader.normalize.LoadId})
 * @param dataset the PostgreSQL schema the package commits into
 * @param resources JSON array of the resource names this load covers
 * @param schemaChanges JSON the pipeline reported as schema changes (tables/columns added)
 * @param finalSchema the schema after normalizing every row of the package (set when staged)
 * @param cursorUpdates the cursors to advance when the package commits (set when staged)
 */
@Table(schema = "flowloader", name = "load_package")
public record LoadPackage(
    @Id Long id,
    String loadId,
    String tenant,
    String dataset,
    Trigger trigger,
    PackageStatus status,
    JsonText resources,
    JsonText schemaChanges,
    JsonText finalSchema,
    JsonText cursorUpdates,
    String error,
    Instant startedAt,
    Instant stagedAt,
    Instant finishedAt,
    @MappedCollection(idColumn = "load_package") Set<LoadJob> jobs) {

  public LoadPackage {
    jobs = jobs == null ? Set.of() : Set.copyOf(jobs);
  }

  /** The private schema holding this package's staging tables. */
  public String stagingSchema() {
    if (id == null) {
      throw new IllegalStateException("package not saved yet");
    }
    return "flowloader_stg_" + id;
  }

  public long rows() {
    return jobs.stream().mapToLong(LoadJob::rows).sum();
  }

  /** This package with another status (in memory only; {@link LoadPackages} stores changes). */
  public LoadPackage withStatus(PackageStatus newStatus, String newError, Instant finished) {
    return new LoadPackage(
        id,
        loadId,
        tenant,
        dataset,
        trigger,
        newStatus,
        resources,
        schemaChanges,
        finalSchema,
        cursorUpdates,
        newError,
        startedAt,
        stagedAt,
        finished,
        jobs);
  }

  LoadPackage withJobs(Set<LoadJob> newJobs) {
    return new LoadPackage(
        id,
        loadId,
        tenant,
        dataset,
        trigger,
        status,
        resources,
        schemaChanges,
        finalSchema,
        cursorUpdates,
        error,
        startedAt,
        stagedAt,
        finishedAt,
        newJobs);
  }

  LoadPackage staged(
      JsonText changes, JsonText schema, JsonText cursors, Set<LoadJob> newJobs, Instant at) {
    return new LoadPackage(
        id,
        loadId,
        tenant,
        dataset,
        trigger,
        PackageStatus.STAGED,
        resources,
        changes,
        schema,
        cursors,
        null,
        startedAt,
        at,
        null,
        newJobs);
  }
}
