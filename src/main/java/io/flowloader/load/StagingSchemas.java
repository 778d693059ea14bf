package io.flowloader.load;

import io.flowloader.load.DatasetCatalog.CatalogColumn;
import io.flowloader.load.DatasetCatalog.CatalogIndex;
import io.flowloader.normalize.TableSchema;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.PackageStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A package's staging schema: what it holds when a load opens it, emptying it after a commit,
 * dropping it when a package ends without one.
 *
 * <p>A tenant's staging schemas and their tables outlive the loads (creating and dropping them per
 * load churned the system catalog, and PostgreSQL's CPU per load grew with the dead catalog rows;
 * bench/README.md, "Fleet"): the commit empties the tables it read, inside its transaction, so the
 * next package that takes the schema finds them empty. A package that ends without a commit
 * (aborted, failed, or crashed and then aborted by the resume rules) drops the whole schema,
 * whatever state its staging was left in; the next load creates what it needs.
 */
final class StagingSchemas {

  /**
   * A committed table with at least this many staged rows is emptied with {@code TRUNCATE} (new
   * files, nothing left to vacuum; it rewrites the table's {@code pg_class} rows), a smaller one
   * with {@code DELETE} (no catalog change; autovacuum takes the dead rows).
   */
  static final long TRUNCATE_MIN_ROWS = 10_000;

  private StagingSchemas() {}

  /**
   * A staging table as a load finds it: its columns in order (with {@value Ddl#SEQ}), whether it is
   * WAL-logged, and whether it has any index or constraint (left by a commit that did not run).
   */
  record ExistingTable(List<CatalogColumn> columns, boolean logged, boolean indexed) {}

  /** The tables of a staging schema (none when it does not exist). */
  static Map<String, ExistingTable> existing(JdbcTemplate jdbc, String schema) {
    Map<String, List<CatalogColumn>> tables = DatasetCatalog.tables(jdbc, schema);
    if (tables.isEmpty()) {
      return Map.of();
    }
    Set<String> logged = DatasetCatalog.loggedTableNames(jdbc, schema);
    Map<String, List<CatalogIndex>> indexes = DatasetCatalog.indexes(jdbc, schema);
    Map<String, ExistingTable> existing = new LinkedHashMap<>();
    tables.forEach(
        (name, columns) ->
            existing.put(
                name,
                new ExistingTable(
                    columns,
                    logged.contains(name),
                    !indexes.getOrDefault(name, List.of()).isEmpty())));
    return existing;
  }

  /**
   * Drops the package's staging schema while the package still holds it (is unfinished): once it
   * ended, the schema may already be another load's (a repeated end, after a database outage). The
   * check and the drop share one transaction with the package's row locked, so the package cannot
   * end, and its schema pass to another load, in between.
   */
  static void drop(JdbcTemplate jdbc, LoadPackage pkg) {
    String drop = "DROP SCHEMA IF EXISTS " + Sql.quote(pkg.stagingSchema()) + " CASCADE";
    if (pkg.ownsStagingSchema()) {
      jdbc.execute(drop);
      return;
    }
    jdbc.execute(
        (ConnectionCallback<Void>)
            c -> {
              boolean autoCommit = c.getAutoCommit();
              c.setAutoCommit(false);
              try {
                if (unfinished(c, pkg.id())) {
                  try (Statement st = c.createStatement()) {
                    st.execute(drop);
                  }
                }
                c.commit();
              } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
              } finally {
                c.setAutoCommit(autoCommit);
              }
              return null;
            });
  }

  private static boolean unfinished(Connection c, Long id) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT status FROM flowloader.load_package WHERE id = ? FOR UPDATE")) {
      st.setLong(1, id);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            && !PackageStatus.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)).isFinal();
      }
    }
  }

  /**
   * Inside the commit transaction: leaves the package's staging schema empty for the next load. A
   * schema of the package's own (opened before schemas were reused) is dropped. Of the staging
   * tables that stayed (not adopted), {@code tables}, one with a constraint built for adoption is
   * dropped (it would reject the next load's rows), a key index ({@link Ddl#createKeyIndex}) is
   * dropped, and the rows go.
   */
  static void emptyCommitted(
      JdbcTemplate jdbc,
      LoadPackage pkg,
      Set<String> tables,
      Map<String, List<CatalogIndex>> indexes) {
    String schema = pkg.stagingSchema();
    if (pkg.ownsStagingSchema()) {
      jdbc.execute("DROP SCHEMA IF EXISTS " + Sql.quote(schema) + " CASCADE");
      return;
    }
    Map<String, Long> rows = stagedRows(pkg);
    for (String table : tables) {
      List<CatalogIndex> own = indexes.getOrDefault(table, List.of());
      if (own.stream().anyMatch(i -> i.constraint() != null)) {
        jdbc.execute("DROP TABLE " + Sql.table(schema, table));
        continue;
      }
      for (CatalogIndex index : own) {
        jdbc.execute("DROP INDEX " + Sql.table(schema, index.name()));
      }
      jdbc.execute(
          (rows.getOrDefault(table, 0L) >= TRUNCATE_MIN_ROWS ? "TRUNCATE " : "DELETE FROM ")
              + Sql.table(schema, table));
    }
  }

  /**
   * Inside the commit transaction, after the dataset got its tables: an empty UNLOGGED staging
   * table for each of {@code tables} (tables of the committed schema the staging schema lacks, such
   * as those adopted just now), so that later loads, which mostly stage a few rows into tables that
   * exist, create nothing. Made once per table and tenant: by the load that adds the table to the
   * dataset, or by the first commit of a dataset loaded before.
   */
  static void createMissing(JdbcTemplate jdbc, LoadPackage pkg, List<TableSchema> tables) {
    if (tables.isEmpty() || pkg.ownsStagingSchema()) {
      return;
    }
    jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.quote(pkg.stagingSchema()));
    for (TableSchema table : tables) {
      jdbc.execute(Ddl.createStagingTable(pkg.stagingSchema(), table, false));
    }
  }

  /** Rows staged per table, as the package's jobs recorded them. */
  static Map<String, Long> stagedRows(LoadPackage pkg) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (LoadJob job : pkg.jobs()) {
      rows.put(job.tableName(), job.rows());
    }
    return rows;
  }

  static LoadPackage abort(JdbcTemplate jdbc, LoadPackages packages, LoadPackage pkg, String why) {
    drop(jdbc, pkg);
    return packages.markAborted(pkg, why);
  }

  static LoadPackage fail(JdbcTemplate jdbc, LoadPackages packages, LoadPackage pkg, String why) {
    drop(jdbc, pkg);
    return packages.markFailed(pkg, why);
  }
}
