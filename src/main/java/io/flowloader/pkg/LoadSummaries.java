package io.flowloader.pkg;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * Reads {@link LoadSummary load reports} for the API in one query each: clients poll a running
 * load's report many times a second, and the aggregate read ({@link LoadPackages#findByLoadId})
 * would fetch the pipeline's large columns ({@code final_schema}, {@code cursor_updates}) and the
 * jobs in a second query on every poll, CPU the running load needs.
 */
@Service
public class LoadSummaries {

  // The jobs come as parallel arrays from a lateral aggregate: one row per package however many
  // jobs it has, without repeating the package's schema changes on every job's row.
  private static final String SELECT =
      """
      SELECT p.load_id, p.tenant, p.dataset, p.trigger, p.status, p.started_at, p.staged_at,
             p.finished_at, p.schema_changes::text AS schema_changes, p.error,
             j.tables, j.rows, j.statuses, j.errors
        FROM %s p
       CROSS JOIN LATERAL (
             SELECT array_agg(table_name) AS tables, array_agg(rows) AS rows,
                    array_agg(status) AS statuses, array_agg(error) AS errors
               FROM flowloader.load_job
              WHERE load_package = p.id) j
      """;

  private static final String COLUMNS =
      "id, load_id, tenant, dataset, trigger, status, started_at, staged_at, finished_at,"
          + " schema_changes, error";

  private static final String BY_LOAD_ID =
      SELECT.formatted("flowloader.load_package") + " WHERE p.load_id = ?";

  static final Comparator<LoadJob> BY_TABLE = Comparator.comparing(LoadJob::tableName);
  private static final RowMapper<LoadSummary> ROW = LoadSummaries::summary;

  private final JdbcTemplate jdbc;

  /** Reads for reports and probes: they give up after {@link #READ_TIMEOUT} without an answer. */
  static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(3);

  public LoadSummaries(JdbcTemplate jdbc) {
    this.jdbc = new JdbcTemplate(new ReadTimeoutDataSource(jdbc.getDataSource(), READ_TIMEOUT));
  }

  /** The package with this load id (by the unique load id index). */
  public Optional<LoadSummary> find(String loadId) {
    List<LoadSummary> found = jdbc.query(BY_LOAD_ID, ROW, loadId);
    if (found.size() > 1) {
      // Only a database that held duplicates before V22 keeps a plain index; the aggregate read
      // refuses them too.
      throw new IncorrectResultSizeDataAccessException(1, found.size());
    }
    return found.stream().findFirst();
  }

  /**
   * When the tenant's newest {@code loaded} package finished, if it has one: what freshness (the
   * {@code tenants} health component, the last-success gauge) needs, without the package itself.
   */
  public Optional<Instant> lastSuccess(String tenant) {
    List<Instant> finished =
        jdbc.query(
            "SELECT finished_at FROM flowloader.load_package WHERE tenant = ? AND status = ?"
                + " ORDER BY id DESC LIMIT 1",
            (rs, row) -> instant(rs, "finished_at"),
            tenant,
            name(PackageStatus.LOADED));
    return finished.stream().filter(Objects::nonNull).findFirst();
  }

  /**
   * The finish time of each tenant's newest loaded package, for the tenants that have one (one
   * query: an index scan per tenant on {@code (tenant, finished_at)}).
   */
  public Map<String, Instant> lastSuccesses(Collection<String> tenants) {
    Map<String, Instant> last = new HashMap<>();
    jdbc.query(
        "SELECT t.name, (SELECT max(finished_at) FROM flowloader.load_package p WHERE p.tenant ="
            + " t.name AND p.status = ?) FROM unnest(?::text[]) AS t(name)",
        rs -> {
          OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
          if (at != null) {
            last.put(rs.getString(1), at.toInstant());
          }
        },
        name(PackageStatus.LOADED),
        tenants.toArray(String[]::new));
    return last;
  }

  /** The newest packages, optionally of one tenant and/or in one status, newest first. */
  public List<LoadSummary> recent(String tenant, PackageStatus status, int limit) {
    List<Object> args = new ArrayList<>(3);
    StringBuilder packages =
        new StringBuilder("(SELECT " + COLUMNS + " FROM flowloader.load_package");
    // Conditions are left out rather than written "? IS NULL OR ...": a generic plan of the
    // latter could not use the (tenant, status) index.
    if (tenant != null) {
      packages.append(" WHERE tenant = ?");
      args.add(tenant);
    }
    if (status != null) {
      packages.append(tenant != null ? " AND" : " WHERE").append(" status = ?");
      args.add(name(status));
    }
    packages.append(" ORDER BY id DESC LIMIT ?)");
    args.add(limit);
    return jdbc.query(SELECT.formatted(packages) + " ORDER BY p.id DESC", ROW, args.toArray());
  }

  private static LoadSummary summary(ResultSet rs, int row) throws SQLException {
    return new LoadSummary(
        rs.getString("load_id"),
        rs.getString("tenant"),
        rs.getString("dataset"),
        Trigger.valueOf(rs.getString("trigger").toUpperCase(Locale.ROOT)),
        PackageStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        instant(rs, "started_at"),
        instant(rs, "staged_at"),
        instant(rs, "finished_at"),
        jobs(rs),
        rs.getString("schema_changes"),
        rs.getString("error"));
  }

  private static List<LoadJob> jobs(ResultSet rs) throws SQLException {
    Object[] tables = elements(rs.getArray("tables"));
    if (tables == null) {
      return List.of();
    }
    Object[] rows = elements(rs.getArray("rows"));
    Object[] statuses = elements(rs.getArray("statuses"));
    Object[] errors = elements(rs.getArray("errors"));
    List<LoadJob> jobs = new ArrayList<>(tables.length);
    for (int i = 0; i < tables.length; i++) {
      jobs.add(
          new LoadJob(
              (String) tables[i],
              ((Number) rows[i]).longValue(),
              JobStatus.valueOf(((String) statuses[i]).toUpperCase(Locale.ROOT)),
              (String) errors[i]));
    }
    // Sorted here, not by array_agg(ORDER BY): the database's collation need not order names as
    // String.compareTo does.
    jobs.sort(BY_TABLE);
    return jobs;
  }

  private static Object[] elements(Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    try {
      return (Object[]) array.getArray();
    } finally {
      array.free();
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }

  private static String name(PackageStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
