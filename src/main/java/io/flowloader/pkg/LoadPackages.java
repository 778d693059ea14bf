package io.flowloader.pkg;

import io.flowloader.normalize.LoadId;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates load packages and moves them through their life cycle ({@link PackageStatus}).
 *
 * <p>Transitions to {@code loaded} happen only through {@link #markLoaded}, which the committer
 * calls inside its commit transaction; every other transition commits on its own.
 */
@Service
public class LoadPackages {

  static final int MAX_ERROR = 8000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Load ids tried per package before giving up (each taken one means another replica's). */
  static final int LOAD_ID_ATTEMPTS = 5;

  private final LoadPackageRepository repository;
  private final Clock clock;
  private final Supplier<String> loadIds;

  @Autowired
  public LoadPackages(LoadPackageRepository repository) {
    this(repository, LoadId::next);
  }

  /** With the source of load ids (tests make them collide). */
  LoadPackages(LoadPackageRepository repository, Supplier<String> loadIds) {
    this.repository = repository;
    this.loadIds = loadIds;
    // PostgreSQL keeps microseconds: a saved package then equals the one read back.
    this.clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
  }

  /**
   * Starts a package in status {@code extracting} with a fresh load id and the first of its
   * tenant's staging schemas that no unfinished package holds. Ids are unique per JVM; should
   * another replica have taken the id in the same microsecond (the load id index is unique), or the
   * staging schema at the same time (an unfinished package's schema is unique), the next one is
   * taken.
   */
  public LoadPackage open(
      String tenant, String dataset, Trigger trigger, Collection<String> resources) {
    for (int attempt = 1; ; attempt++) {
      try {
        return repository.save(
            newPackage(
                loadIds.get(), tenant, dataset, trigger, resources, freeStagingSchema(tenant)));
      } catch (DataAccessException e) {
        if (attempt == LOAD_ID_ATTEMPTS || !duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  /** The lowest-numbered staging schema of {@code tenant} that no unfinished package holds. */
  private String freeStagingSchema(String tenant) {
    Set<String> held =
        unfinished(tenant).stream().map(LoadPackage::stagingSchema).collect(Collectors.toSet());
    for (int n = 0; ; n++) {
      String name = LoadPackage.stagingSchemaOf(tenant, n);
      if (!held.contains(name)) {
        return name;
      }
    }
  }

  private static boolean duplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DuplicateKeyException) {
        return true;
      }
    }
    return false;
  }

  private LoadPackage newPackage(
      String loadId,
      String tenant,
      String dataset,
      Trigger trigger,
      Collection<String> resources,
      String stagingSchema) {
    return new LoadPackage(
        null,
        loadId,
        tenant,
        dataset,
        trigger,
        PackageStatus.EXTRACTING,
        JsonText.of(JSON.writeValueAsString(List.copyOf(resources))),
        null,
        null,
        null,
        null,
        clock.instant(),
        null,
        null,
        stagingSchema,
        Set.of());
  }

  /**
   * Marks a package {@code staged}: every row is in its staging tables and everything the commit
   * needs (final schema, cursor updates) is stored with it.
   */
  public LoadPackage markStaged(
      LoadPackage pkg,
      Collection<LoadJob> jobs,
      String schemaChangesJson,
      String finalSchemaJson,
      String cursorUpdatesJson) {
    return markStaged(pkg, jobs, schemaChangesJson, finalSchemaJson, cursorUpdatesJson, null);
  }

  /**
   * As {@link #markStaged(LoadPackage, Collection, String, String, String)}, for a package without
   * the resources {@code failedResources} describes (null: none failed): it commits as {@code
   * partial} with that text as its error.
   */
  public LoadPackage markStaged(
      LoadPackage pkg,
      Collection<LoadJob> jobs,
      String schemaChangesJson,
      String finalSchemaJson,
      String cursorUpdatesJson,
      String failedResources) {
    LoadPackage current = reload(pkg);
    requireStatus(current, PackageStatus.EXTRACTING);
    LoadPackage staged =
        current.staged(
            JsonText.of(schemaChangesJson),
            JsonText.of(finalSchemaJson),
            JsonText.of(cursorUpdatesJson),
            Set.copyOf(jobs),
            clock.instant());
    if (failedResources != null) {
      staged = staged.withStatus(PackageStatus.STAGED, bounded(failedResources), null);
    }
    return repository.save(staged);
  }

  /** Marks a package and its jobs {@code loaded}; call inside the commit transaction. */
  public LoadPackage markLoaded(LoadPackage pkg) {
    LoadPackage current = reload(pkg);
    requireStatus(current, PackageStatus.STAGED);
    // A staged package carries an error only when some of its resources failed (markStaged).
    PackageStatus status = current.error() == null ? PackageStatus.LOADED : PackageStatus.PARTIAL;
    return repository.save(
        current
            .withJobs(jobsWith(current, JobStatus.LOADED, null))
            .withStatus(status, current.error(), clock.instant()));
  }

  /**
   * As {@link #markLoaded(LoadPackage)} for a commit that left resources out because their tables
   * failed: their tables' jobs ({@code failedTables}, each with its cause) end {@code failed}, and
   * {@code failedResources} (each resource with its cause) is added to the package's error, which
   * makes it {@code partial}.
   */
  public LoadPackage markLoaded(
      LoadPackage pkg, Map<String, String> failedTables, String failedResources) {
    LoadPackage current = reload(pkg);
    requireStatus(current, PackageStatus.STAGED);
    String error =
        current.error() == null
            ? "resource(s) failed, the others committed: " + failedResources
            : current.error() + "; " + failedResources;
    Set<LoadJob> jobs =
        current.jobs().stream()
            .map(
                job ->
                    failedTables.containsKey(job.tableName())
                        ? job.withStatus(
                            JobStatus.FAILED, bounded(failedTables.get(job.tableName())))
                        : job.withStatus(JobStatus.LOADED, null))
            .collect(Collectors.toUnmodifiableSet());
    return repository.save(
        current.withJobs(jobs).withStatus(PackageStatus.PARTIAL, bounded(error), clock.instant()));
  }

  /**
   * Marks a package {@code failed} with its error text (which must not contain secrets). A package
   * found {@code loaded} stays so: its commit went through although the caller saw an error (the
   * connection dropped while the commit's answer was on its way).
   */
  public LoadPackage markFailed(LoadPackage pkg, String error) {
    LoadPackage current = reload(pkg);
    if (current.status() == PackageStatus.LOADED || current.status() == PackageStatus.PARTIAL) {
      return current;
    }
    return repository.save(
        current
            .withJobs(jobsWith(current, JobStatus.FAILED, null))
            .withStatus(PackageStatus.FAILED, bounded(error), clock.instant()));
  }

  /** Marks a package {@code aborted}, e.g. interrupted during extraction. */
  public LoadPackage markAborted(LoadPackage pkg, String reason) {
    LoadPackage current = reload(pkg);
    if (current.status() == PackageStatus.LOADED || current.status() == PackageStatus.PARTIAL) {
      return current;
    }
    return repository.save(
        current
            .withJobs(jobsWith(current, JobStatus.ABORTED, null))
            .withStatus(PackageStatus.ABORTED, bounded(reason), clock.instant()));
  }

  /** The tenant's packages that did not reach a final status, oldest first. */
  public List<LoadPackage> unfinished(String tenant) {
    return repository.findByTenantAndStatusInOrderById(
        tenant, List.of(PackageStatus.EXTRACTING, PackageStatus.STAGED));
  }

  public Optional<LoadPackage> find(long id) {
    return repository.findById(id);
  }

  public Optional<LoadPackage> findByLoadId(String loadId) {
    return repository.findByLoadId(loadId);
  }

  /** The tenant's packages, newest first. */
  public List<LoadPackage> history(String tenant) {
    return repository.findByTenantOrderByIdDesc(tenant);
  }

  private LoadPackage reload(LoadPackage pkg) {
    return repository
        .findById(pkg.id())
        .orElseThrow(() -> new IllegalStateException("no load package " + pkg.loadId()));
  }

  private static Set<LoadJob> jobsWith(LoadPackage pkg, JobStatus status, String error) {
    return pkg.jobs().stream()
        .map(job -> job.withStatus(status, error))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Error texts can quote long SQL; the package keeps the start, which names the cause. */
  static String bounded(String text) {
    return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + " …";
  }

  private static void requireStatus(LoadPackage pkg, PackageStatus expected) {
    if (pkg.status() != expected) {
      throw new IllegalStateException(
          "load package " + pkg.loadId() + " is " + pkg.status() + ", expected " + expected);
    }
  }
}
