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
 * @param stagingSchema the schema holding this package's staging tables: one of its tenant's
 *     reusable staging schemas ({@link #stagingSchemaOf}), held by no other unfinished package; for
 *     a package opened before staging schemas were reused, its own {@code flowloader_stg_<id>}
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
    String stagingSchema,
    @MappedCollection(idColumn = "load_package") Set<LoadJob> jobs) {

  /** Staging schema names start so; datasets may not (tenant configuration rejects it). */
  public static final String STAGING_PREFIX = "flowloader_stg_";

  public LoadPackage {
    jobs = jobs == null ? Set.of() : Set.copyOf(jobs);
    if (stagingSchema == null && id != null) {
      stagingSchema = STAGING_PREFIX + id; // opened before staging schemas were reused
    }
  }

  /**
   * Staging schema number {@code n} of {@code tenant}: {@code flowloader_stg_<tenant>_<n>}, or,
   * when that is longer than PostgreSQL's 63-byte identifiers, the tenant's name shortened and a
   * hash of it. A tenant name starts with a letter, so it never looks like a package's own schema.
   */
  public static String stagingSchemaOf(String tenant, int n) {
    String name = STAGING_PREFIX + tenant + "_" + n;
    if (name.length() <= 63) {
      return name;
    }
    String hash = String.format("%08x", tenant.hashCode());
    return STAGING_PREFIX + tenant.substring(0, 30) + "_" + hash + "_" + n;
  }

  /** Whether the staging schema is this package's alone (opened before schemas were reused). */
  public boolean ownsStagingSchema() {
    return id != null && stagingSchema.equals(STAGING_PREFIX + id);
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
        stagingSchema,
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
        stagingSchema,
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
        stagingSchema,
        newJobs);
  }
}
