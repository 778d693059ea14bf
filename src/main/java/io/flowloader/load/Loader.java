package io.flowloader.load;

import io.flowloader.normalize.Schema;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The load stage as the pipeline uses it: open a package, stage its rows, commit it.
 *
 * <pre>{@code
 * loader.resume(tenant);                                  // resume rules, before extracting
 * Schema schema = loader.currentSchema(dataset, "boomi_flow").orElse(Schema.empty("boomi_flow"));
 * Map<CursorKey, Cursor> cursors = stateStore.load(tenant);
 * try (StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, resources)) {
 *   ... writer.write(schema.table(row.table()), row) for every normalized row ...
 *   LoadPackage staged = writer.finish(finalSchema, cursorUpdates, schemaChangesJson);
 *   LoadPackage loaded = loader.commit(staged);           // one transaction
 * }
 * }</pre>
 *
 * <p>The dataset's current schema is the newest {@code _dlt_version.schema} document of that schema
 * name (dlt's own source of truth, so a dataset dlt created can be continued); the commit checks it
 * against the catalog (missing tables and columns are created, a retyped column fails).
 */
@Service
public class Loader {

  private static final Logger log = LoggerFactory.getLogger(Loader.class);

  private final JdbcTemplate jdbc;
  private final LoadPackages packages;
  private final Committer committer;
  private final Executor stagingSenders;

  public Loader(
      JdbcTemplate jdbc,
      LoadPackages packages,
      Committer committer,
      @Qualifier(StagingConfiguration.SENDERS) Executor stagingSenders) {
    this.jdbc = jdbc;
    this.packages = packages;
    this.committer = committer;
    this.stagingSenders = stagingSenders;
  }

  /**
   * Opens a new package ({@code extracting}) with a staging schema of its tenant that no other
   * unfinished package holds; its tables are reused from earlier loads (see {@link StagingWriter}).
   */
  public StagingWriter open(
      String tenant, String dataset, Trigger trigger, Collection<String> resources) {
    LoadPackage pkg = packages.open(tenant, dataset, trigger, resources);
    try {
      return new StagingWriter(
          pkg,
          packages,
          jdbc,
          DatasetCatalog.tableNames(jdbc, dataset),
          StagingSchemas.existing(jdbc, pkg.stagingSchema()),
          stagingSenders);
    } catch (RuntimeException e) {
      packages.markFailed(pkg, "cannot open staging: " + e.getMessage());
      throw e;
    }
  }

  /**
   * Commits a staged package in one transaction. When the commit fails the package becomes {@code
   * failed} with the error, its staging schema is dropped, and the {@link LoadException} is
   * rethrown: the dataset and cursors are unchanged, the next load re-extracts.
   */
  public LoadPackage commit(LoadPackage staged) {
    return commit(staged, null);
  }

  /**
   * As {@link #commit(LoadPackage)}, leaving out a resource whose tables fail when {@code failures}
   * isolates it ({@link Committer#commit(LoadPackage, TableFailures)}).
   */
  public LoadPackage commit(LoadPackage staged, TableFailures failures) {
    try {
      LoadPackage loaded = committer.commit(staged, failures);
      log.info(
          "committed load {} of tenant {} into {}: {} rows",
          loaded.loadId(),
          loaded.tenant(),
          loaded.dataset(),
          loaded.rows());
      return loaded;
    } catch (RuntimeException e) {
      try {
        StagingSchemas.fail(jdbc, packages, staged, e.getMessage());
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Applies the resume rules to a tenant's unfinished packages, oldest first: a {@code staged}
   * package is committed without re-fetching; an {@code extracting} one was interrupted, so it is
   * aborted and its staging dropped. A staged package whose commit fails is marked {@code failed}
   * (not thrown). Call before a new load of the tenant starts (under the tenant's lock, so no live
   * package of that tenant is touched). Returns the packages as they ended.
   */
  public List<LoadPackage> resume(String tenant) {
    return resume(tenant, null);
  }

  /**
   * As {@link #resume(String)}, passing over the package of the load now running ({@code current},
   * opened before the resume so that {@code POST /loads} answers before an earlier package's
   * commit).
   */
  public List<LoadPackage> resume(String tenant, String current) {
    List<LoadPackage> done = new ArrayList<>();
    for (LoadPackage pkg : packages.unfinished(tenant)) {
      if (pkg.loadId().equals(current)) {
        continue;
      }
      if (pkg.status() == PackageStatus.STAGED) {
        log.info(
            "committing staged load {} of tenant {} left by an earlier run", pkg.loadId(), tenant);
        try {
          done.add(commit(pkg));
        } catch (LoadException e) {
          // Recorded on the package (failed, staging dropped); the new load re-extracts from the
          // unchanged cursors.
          log.warn("staged load {} of tenant {} could not be committed", pkg.loadId(), tenant, e);
          done.add(packages.find(pkg.id()).orElse(pkg));
        }
      } else {
        log.info(
            "aborting load {} of tenant {} interrupted during extraction", pkg.loadId(), tenant);
        done.add(
            StagingSchemas.abort(
                jdbc, packages, pkg, "interrupted during extraction; re-extracted"));
      }
    }
    return done;
  }

  /**
   * Ends a package that will not be committed: drops its staging schema, then marks it {@code
   * aborted} or {@code failed} with {@code reason}. The package is marked even when the drop fails
   * (the drop is repeated by the caller's retry); throws when the database cannot be reached.
   */
  public LoadPackage endWithoutCommit(LoadPackage pkg, boolean aborted, String reason) {
    RuntimeException dropFailure = null;
    try {
      StagingSchemas.drop(jdbc, pkg);
    } catch (RuntimeException e) {
      dropFailure = e;
    }
    LoadPackage ended =
        aborted ? packages.markAborted(pkg, reason) : packages.markFailed(pkg, reason);
    if (dropFailure != null) {
      throw dropFailure;
    }
    return ended;
  }

  /**
   * The dataset's current schema: the newest {@code _dlt_version} document of {@code schemaName},
   * or empty when nothing was loaded into the dataset yet.
   */
  public Optional<Schema> currentSchema(String dataset, String schemaName) {
    if (!DatasetCatalog.schemaExists(jdbc, dataset)
        || !DatasetCatalog.tables(jdbc, dataset).containsKey("_dlt_version")) {
      return Optional.empty();
    }
    return Optional.ofNullable(
            jdbc.query(
                "SELECT schema FROM "
                    + Sql.table(dataset, "_dlt_version")
                    + " WHERE schema_name = ? ORDER BY version DESC, inserted_at DESC LIMIT 1",
                rs -> rs.next() ? rs.getString(1) : null,
                schemaName))
        .map(SchemaJson::read);
  }
}
