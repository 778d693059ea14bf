package io.flowloader.load;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.pkg.JobStatus;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.state.Cursor;
import io.flowloader.state.CursorKey;
import io.flowloader.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the rows of one load package into its private staging schema ({@code
 * flowloader_stg_<package id>}) with PostgreSQL COPY, then marks the package staged.
 *
 * <p>Memory stays bounded whatever the size of the load: each table buffers at most {@link
 * #FLUSH_CHARS} characters of COPY text before it is sent. Staging tables are created on a table's
 * first row and gain columns when the schema evolves mid-load (columns are only ever appended).
 * Rows carry a package-wide sequence number, so "the last staged row" of a key is well defined.
 *
 * <p>Obtain one from {@link Loader#open}; not thread-safe; always {@link #close()} it (a writer
 * closed before {@link #finish} aborts its package).
 */
public final class StagingWriter implements AutoCloseable {

  static final int FLUSH_CHARS = 1 << 20;

  private final LoadPackage pkg;
  private final LoadPackages packages;
  private final JdbcTemplate jdbc;
  private final Connection connection;
  private final CopyManager copy;
  private final String stagingSchema;
  private final Map<String, StagedTable> tables = new LinkedHashMap<>();
  private long seq;
  private boolean done;

  StagingWriter(LoadPackage pkg, LoadPackages packages, JdbcTemplate jdbc) {
    this.pkg = pkg;
    this.packages = packages;
    this.jdbc = jdbc;
    DataSource dataSource = jdbc.getDataSource();
    this.stagingSchema = pkg.stagingSchema();
    try {
      this.connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
      execute("CREATE SCHEMA " + Sql.quote(stagingSchema));
    } catch (SQLException e) {
      throw new LoadException("cannot open staging for load " + pkg.loadId(), e);
    }
  }

  public LoadPackage loadPackage() {
    return pkg;
  }

  public String loadId() {
    return pkg.loadId();
  }

  /** Stages all rows, each against its table in {@code schema}. */
  public void write(Schema schema, Iterable<NormalizedRow> rows) {
    for (NormalizedRow row : rows) {
      TableSchema table = schema.table(row.table());
      if (table == null) {
        throw new IllegalArgumentException("row for unknown table " + row.table());
      }
      write(table, row);
    }
  }

  /**
   * Stages one row. {@code table} is the table as the schema stands now (it may have gained columns
   * since earlier rows); the row's values align with its first columns.
   */
  public void write(TableSchema table, NormalizedRow row) {
    if (done) {
      throw new IllegalStateException("staging of load " + pkg.loadId() + " is finished");
    }
    if (!table.name().equals(row.table())) {
      throw new IllegalArgumentException(
          "row of " + row.table() + " staged against table " + table.name());
    }
    StagedTable staged = tables.get(table.name());
    if (staged == null) {
      staged = new StagedTable(table.name(), table.columns());
      execute(Ddl.createStagingTable(stagingSchema, table));
      tables.put(table.name(), staged);
    } else if (table.columns().size() > staged.columns.size()) {
      evolve(staged, table);
    }
    Object[] values = row.values();
    if (values.length > staged.columns.size()) {
      throw new IllegalArgumentException(
          "row of " + table.name() + " has more values than the table has columns");
    }
    StringBuilder out = staged.buffer;
    out.append(++seq);
    for (int i = 0; i < staged.columns.size(); i++) {
      out.append('\t');
      Object value = i < values.length ? values[i] : null;
      CopyText.appendValue(out, staged.columns.get(i).type(), value);
    }
    out.append('\n');
    staged.rows++;
    if (out.length() >= FLUSH_CHARS) {
      flush(staged);
    }
  }

  /** Rows staged so far, per table. */
  public Map<String, Long> rowCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    tables.forEach((name, t) -> counts.put(name, t.rows));
    return counts;
  }

  /**
   * Sends what is buffered and marks the package {@code staged} together with everything its commit
   * needs, so that the commit can also happen in a later load (resume rule).
   *
   * @param finalSchema the schema after every row of the package was normalized
   * @param cursorUpdates cursors to advance when the package commits
   * @param schemaChangesJson JSON describing the schema changes of this load (may be null)
   */
  public LoadPackage finish(
      Schema finalSchema, Map<CursorKey, Cursor> cursorUpdates, String schemaChangesJson) {
    for (StagedTable t : tables.values()) {
      flush(t);
    }
    List<LoadJob> jobs = new ArrayList<>();
    tables.forEach((name, t) -> jobs.add(new LoadJob(name, t.rows, JobStatus.STAGED, null)));
    done = true;
    closeConnection();
    return packages.markStaged(
        pkg,
        jobs,
        schemaChangesJson,
        SchemaJson.write(finalSchema),
        StateStore.toJson(cursorUpdates));
  }

  /** Gives up: drops the staging schema and marks the package aborted. */
  public void abort(String reason) {
    if (done) {
      return;
    }
    done = true;
    closeConnection();
    StagingSchemas.abort(jdbc, packages, pkg, reason);
  }

  /** Aborts the package unless {@link #finish} or {@link #abort} already ran. */
  @Override
  public void close() {
    if (!done) {
      abort("staging closed before it finished");
    }
  }

  /** Test hook: lets go of the connection as a killed process would, leaving the package as is. */
  void abandon() {
    done = true;
    closeConnection();
  }

  private void evolve(StagedTable staged, TableSchema table) {
    List<Column> now = table.columns();
    for (int i = 0; i < staged.columns.size(); i++) {
      if (!staged.columns.get(i).name().equals(now.get(i).name())) {
        throw new IllegalStateException(
            "columns of " + table.name() + " were reordered; they may only be appended");
      }
    }
    // Buffered rows were encoded with the old column list: send them first.
    flush(staged);
    List<Column> added = now.subList(staged.columns.size(), now.size());
    execute(Ddl.addStagingColumns(stagingSchema, table.name(), added));
    staged.columns = List.copyOf(now);
  }

  private void flush(StagedTable staged) {
    if (staged.buffer.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    names.add(Ddl.SEQ);
    staged.columns.forEach(c -> names.add(c.name()));
    String sql =
        "COPY "
            + Sql.table(stagingSchema, staged.name)
            + " ("
            + Sql.columnList(names)
            + ") FROM STDIN";
    byte[] bytes = staged.buffer.toString().getBytes(StandardCharsets.UTF_8);
    try {
      copy.copyIn(sql, new java.io.ByteArrayInputStream(bytes));
    } catch (SQLException | IOException e) {
      throw new LoadException(
          "COPY into staging table " + staged.name + " of load " + pkg.loadId() + " failed", e);
    }
    staged.buffer.setLength(0);
  }

  private void execute(String sql) {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new LoadException("staging of load " + pkg.loadId() + " failed", e);
    }
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing is pending on it: every statement ran in autocommit.
    }
  }

  private static final class StagedTable {
    final String name;
    List<Column> columns;
    final StringBuilder buffer = new StringBuilder();
    long rows;

    StagedTable(String name, List<Column> columns) {
      this.name = name;
      this.columns = List.copyOf(columns);
    }
  }
}
