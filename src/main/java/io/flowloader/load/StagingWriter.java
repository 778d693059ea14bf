package io.flowloader.load;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.JobStatus;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.state.Cursor;
import io.flowloader.state.CursorKey;
import io.flowloader.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the rows of one load package into its staging schema with PostgreSQL COPY, then marks the
 * package staged.
 *
 * <p>The staging schema is one of the tenant's ({@link LoadPackage#stagingSchemaOf}), held by no
 * other unfinished package, so no other load writes or reads its rows. Its tables outlive the load:
 * the commit empties them ({@link StagingSchemas#emptyCommitted}), and the next load that takes the
 * schema writes into them again, so a load whose staging tables exist creates nothing in the
 * catalog. A table is only touched once a row for it arrives (a load without rows touches none); an
 * existing one is reused when its columns are the first columns of the table as the schema has it
 * now (missing ones are added) and it is UNLOGGED or LOGGED as this load needs; otherwise (a column
 * retyped or dropped by a load that never committed, a constraint left from adoption) it is made
 * again. Staging tables gain columns when the schema evolves mid-load (columns are only ever
 * appended). Rows carry a package-wide sequence number, so "the last staged row" of a key is well
 * defined.
 *
 * <p>Memory stays bounded whatever the size of the load: each table buffers rows of at most {@link
 * #FLUSH_CHARS} characters of COPY text (as {@link #estimatedChars} estimates it) before they are
 * sent, all tables together at most {@link #TOTAL_FLUSH_CHARS}; each batch is one COPY in its own
 * transaction. Rows are buffered as the caller's values (a {@link NormalizedRow}'s array is kept,
 * not copied: it must not change after {@link #write}) and encoded to COPY text by the sender
 * ({@link CopyBytes}), so the caller's thread does not spend its time on encoding.
 *
 * <p>Statements and COPY batches are executed by {@link #SENDERS} senders per writer ({@link
 * Sender}, each running on a thread of the Spring-managed staging executor while it has work), each
 * table's in order by the one it was given when it was first used, so PostgreSQL ingests batches
 * while the caller normalizes the next rows, and a root table and its child table go in on two
 * connections at once (PostgreSQL's side of COPY runs in one backend per connection); at most
 * {@link #QUEUED_BATCHES} batches wait for a sender (memory stays bounded; the caller blocks when
 * PostgreSQL is slower). A pool connection is still borrowed per statement/COPY, never held for the
 * whole extraction. A failed statement or COPY (or a value that does not fit its column's type,
 * found while encoding) fails the next {@link #write} or {@link #finish}.
 *
 * <p>Obtain one from {@link Loader#open}; not thread-safe (one caller thread); always {@link
 * #close()} it (a writer closed before {@link #finish} aborts its package).
 */
public final class StagingWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StagingWriter.class);

  /** A table's buffer is sent when it holds this many characters of COPY text. */
  static final int FLUSH_CHARS = 256 * 1024;

  /** All buffers are sent when together they hold this many characters (many-table loads). */
  static final int TOTAL_FLUSH_CHARS = 4 * 1024 * 1024;

  /** Batches that may wait for a sender thread besides the one it is sending. */
  static final int QUEUED_BATCHES = 2;

  /** Senders (threads and COPY connections at a time) per writer; tables take turns. */
  static final int SENDERS = 2;

  /**
   * A merge root with at least this many staged rows gets a unique index on its key when staging
   * ends ({@link #prepareCommit}), as does one staged for adoption; for fewer, into a reused
   * staging table, the commit's check is cheap, and the index (a catalog row per load) is not worth
   * it.
   */
  static final long KEY_INDEX_MIN_ROWS = 10_000;

  /** COPY data is sent in messages of about this many bytes (a row is never split). */
  private static final int COPY_CHUNK = 64 * 1024;

  /** The sender's encoding buffer: one chunk and the row that ends it. */
  private static final int BYTES_CAPACITY = 2 * COPY_CHUNK;

  private final LoadPackage pkg;
  private final LoadPackages packages;
  private final JdbcTemplate jdbc;
  private final DataSource dataSource;
  private final String stagingSchema;
  private final Map<String, StagedTable> tables = new LinkedHashMap<>();
  private final Set<String> datasetTables;
  private final Map<String, StagingSchemas.ExistingTable> existing;
  private final Executor executor;
  private final List<Sender> senders = new ArrayList<>();
  private final Map<String, RuntimeException> failedTables = new ConcurrentHashMap<>();
  private volatile boolean isolateTables;
  private boolean schemaCreated;
  private long seq;
  private long buffered;
  private boolean done;

  /**
   * @param datasetTables the tables the dataset has now: a staging table of any other is LOGGED,
   *     for the commit to adopt it whole ({@link Ddl#createStagingTable})
   * @param existing the tables the staging schema has now (left empty by earlier loads)
   * @param executor runs the senders
   */
  StagingWriter(
      LoadPackage pkg,
      LoadPackages packages,
      JdbcTemplate jdbc,
      Set<String> datasetTables,
      Map<String, StagingSchemas.ExistingTable> existing,
      Executor executor) {
    this.pkg = pkg;
    this.datasetTables = Set.copyOf(datasetTables);
    this.existing = Map.copyOf(existing);
    this.executor = executor;
    this.packages = packages;
    this.jdbc = jdbc;
    // Pool connections are borrowed per statement/COPY, not held for the whole extraction, so
    // long loads of many tenants do not starve the pool (commits need connections too).
    this.dataSource = jdbc.getDataSource();
    this.stagingSchema = pkg.stagingSchema();
    for (int i = 0; i < SENDERS; i++) {
      senders.add(new Sender());
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
    senders.forEach(Sender::check);
    StagedTable staged = tables.get(table.name());
    if (staged == null) {
      staged = new StagedTable(table.name(), table.columns(), senders.get(tables.size() % SENDERS));
      staged.logged = !datasetTables.contains(table.name());
      open(staged, table);
      tables.put(table.name(), staged);
    } else if (table.columns().size() > staged.columns.size()) {
      evolve(staged, table);
    }
    Object[] values = row.values();
    if (values.length > staged.columns.size()) {
      throw new IllegalArgumentException(
          "row of " + table.name() + " has more values than the table has columns");
    }
    // The row is kept as it is and encoded by the sender thread (CopyBytes), off this thread.
    int chars = estimatedChars(values, staged.columns.size());
    staged.add(++seq, values, chars);
    staged.rows++;
    buffered += chars;
    if (staged.chars >= FLUSH_CHARS) {
      flush(staged);
    } else if (buffered >= TOTAL_FLUSH_CHARS) {
      tables.values().forEach(this::flush);
    }
  }

  /**
   * Readies the staging table for this load's first row of it: reuses the table an earlier load
   * left (emptied by its commit; emptied here again, should a package that ended otherwise have
   * left rows), adding the columns it lacks, or makes it (again).
   */
  private void open(StagedTable staged, TableSchema table) {
    String name = table.name();
    StagingSchemas.ExistingTable found = existing.get(name);
    int reusable = found == null ? -1 : reusableColumns(found, table, staged.logged);
    if (reusable >= 0) {
      staged.sender.submit(new RunSql(name, "DELETE FROM " + Sql.table(stagingSchema, name)));
      if (reusable < table.columns().size()) {
        List<Column> added = table.columns().subList(reusable, table.columns().size());
        staged.sender.submit(new RunSql(name, Ddl.addStagingColumns(stagingSchema, name, added)));
      }
      return;
    }
    if (!schemaCreated) {
      // Here, not on a sender: every sender's first statement needs the schema.
      execute("CREATE SCHEMA IF NOT EXISTS " + Sql.quote(stagingSchema));
      schemaCreated = true;
    }
    if (found != null) {
      staged.sender.submit(new RunSql(name, "DROP TABLE " + Sql.table(stagingSchema, name)));
    }
    staged.sender.submit(
        new RunSql(name, Ddl.createStagingTable(stagingSchema, table, staged.logged)));
  }

  /**
   * How many of {@code table}'s columns the existing staging table has, when it can be reused: its
   * columns besides {@value Ddl#SEQ} are the table's first ones (names and types), it is LOGGED
   * exactly when {@code logged}, and has no index or constraint. -1 when it cannot.
   */
  static int reusableColumns(
      StagingSchemas.ExistingTable found, TableSchema table, boolean logged) {
    if (found.logged() != logged || found.indexed()) {
      return -1;
    }
    List<Column> columns = table.columns();
    int n = 0;
    boolean seq = false;
    for (DatasetCatalog.CatalogColumn c : found.columns()) {
      if (Ddl.SEQ.equals(c.name())) {
        seq = true;
        continue;
      }
      if (n >= columns.size()
          || !c.name().equals(columns.get(n).name())
          || !c.type().equals(columns.get(n).formatType())
          || !c.nullable()) {
        return -1;
      }
      n++;
    }
    return seq ? n : -1;
  }

  /**
   * About how many characters of COPY text a row becomes: exact for strings without escapes, a
   * fixed guess for other values. Batches are cut by this estimate (encoding is the sender's job).
   */
  static int estimatedChars(Object[] values, int columns) {
    int n = 9 + columns + 2 * (columns - values.length); // #seq, tabs, newline, trailing NULLs
    for (Object v : values) {
      if (v instanceof String s) {
        n += s.length();
      } else {
        n += v == null ? 2 : 12;
      }
    }
    return n;
  }

  /**
   * From now on a statement or COPY that the database rejects for one table (its SQL state names a
   * statement's error: a constraint, a value, a limit such as 1600 columns; not a lost connection)
   * fails only that table: the table's later work is skipped and {@link #settle} reports it, so the
   * caller can leave its resource out. Other failures still fail the next {@link #write}.
   */
  public void isolateTableFailures() {
    isolateTables = true;
  }

  /**
   * Sends what is buffered, waits for it, and returns the tables that failed ({@link
   * #isolateTableFailures}) with their causes; throws any other failure. The writer stays open.
   */
  public Map<String, RuntimeException> settle() {
    tables.values().forEach(this::flush);
    finishSenders();
    return Map.copyOf(failedTables);
  }

  /**
   * Whether a failure is a database's answer about one table's statement (it has an SQL state,
   * outside the classes of a lost connection, resources and internal errors), or a value that does
   * not fit its column's type.
   */
  static boolean tableLevel(Throwable e) {
    boolean found = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException q) {
        String state = q.getSQLState();
        if (state == null
            || state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57")
            || state.startsWith("58")
            || state.startsWith("XX")) {
          return false;
        }
        found = true;
      } else if (t instanceof IllegalArgumentException) {
        found = true;
      } else if (t instanceof InterruptedException || t instanceof Error) {
        return false;
      }
    }
    return found;
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
    return finish(finalSchema, cursorUpdates, schemaChangesJson, Set.of(), null);
  }

  /**
   * As {@link #finish(Schema, Map, String)}, leaving out the staged tables {@code discarded} (those
   * of resources that failed; their staging tables are dropped, so the commit never sees them).
   * {@code failedResources} (null: none) makes the package commit as {@code partial}.
   */
  public LoadPackage finish(
      Schema finalSchema,
      Map<CursorKey, Cursor> cursorUpdates,
      String schemaChangesJson,
      Set<String> discarded,
      String failedResources) {
    for (StagedTable t : tables.values()) {
      flush(t);
      if (!discarded.contains(t.name)) {
        prepareCommit(t, finalSchema.table(t.name));
      }
    }
    finishSenders();
    for (String name : discarded) {
      if (tables.remove(name) != null) {
        execute("DROP TABLE IF EXISTS " + Sql.table(stagingSchema, name));
      }
    }
    List<LoadJob> jobs = new ArrayList<>();
    tables.forEach((name, t) -> jobs.add(new LoadJob(name, t.rows, JobStatus.STAGED, null)));
    done = true;
    return packages.markStaged(
        pkg,
        jobs,
        schemaChangesJson,
        SchemaJson.write(finalSchema),
        StateStore.toJson(cursorUpdates),
        failedResources);
  }

  /**
   * Work the commit would otherwise do itself, queued on the table's sender after its last COPY, so
   * that a load's tables get it in parallel and the commit (one connection, one table after
   * another) has less to do: the constraints of a staging table the commit may adopt ({@link
   * Ddl#prepareAdoption}: building their unique indexes is a large part of a first load's commit),
   * and the proof that a merge root's key was staged once ({@link Ddl#createKeyIndex}, instead of
   * the commit grouping the staged roots by key). Both are only shortcuts: when one fails, the
   * commit takes the long way and reports what is wrong.
   */
  private void prepareCommit(StagedTable staged, TableSchema table) {
    if (table == null
        || table.disposition() == WriteDisposition.UPSERT
        || table.disposition() == WriteDisposition.SCD2) {
      return; // upsert and scd2 tables are never adopted and never grouped by key
    }
    if (staged.logged) {
      String sql = Ddl.prepareAdoption(stagingSchema, table);
      if (sql != null) {
        staged.sender.submit(new Prepare(sql));
      }
    }
    List<Column> key = table.columns().stream().filter(Column::primaryKey).toList();
    if (table.isRoot()
        && (staged.logged || staged.rows >= KEY_INDEX_MIN_ROWS)
        && table.disposition() == WriteDisposition.MERGE
        && !key.isEmpty()
        && key.stream().noneMatch(Column::nullable)) {
      staged.sender.submit(
          new Prepare(
              Ddl.createKeyIndex(
                  stagingSchema, table.name(), key.stream().map(Column::name).toList())));
    }
  }

  /** Gives up: drops the staging schema and marks the package aborted. */
  public void abort(String reason) {
    if (done) {
      return;
    }
    done = true;
    senders.forEach(Sender::stop);
    StagingSchemas.abort(jdbc, packages, pkg, reason);
  }

  /**
   * The load failed before staging finished (e.g. a rejected record): drops the staging schema and
   * marks the package {@code failed} with {@code error} (which must not contain secrets).
   */
  public void fail(String error) {
    if (done) {
      return;
    }
    done = true;
    senders.forEach(Sender::stop);
    StagingSchemas.fail(jdbc, packages, pkg, error);
  }

  /**
   * Stops the senders without touching the database, for a caller that records the package's end
   * itself (and may have to wait for the database to answer again).
   */
  public void stop() {
    if (done) {
      return;
    }
    done = true;
    senders.forEach(Sender::stop);
  }

  /** Aborts the package unless {@link #finish}, {@link #fail} or {@link #abort} already ran. */
  @Override
  public void close() {
    if (!done) {
      abort("staging closed before it finished");
    }
  }

  /** Test hook: stops as a killed process would, leaving the package and its staging as is. */
  void abandon() {
    tables.values().forEach(this::flush);
    finishSenders();
    done = true;
  }

  /** Waits for every sender to run what it was given; throws the first failure. */
  private void finishSenders() {
    RuntimeException first = null;
    for (Sender sender : senders) {
      try {
        sender.finish();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
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
    staged.sender.submit(
        new RunSql(table.name(), Ddl.addStagingColumns(stagingSchema, table.name(), added)));
    staged.columns = List.copyOf(now);
  }

  private void flush(StagedTable staged) {
    if (staged.count == 0) {
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
    buffered -= staged.chars;
    // The sender owns the batch's rows from now on; the table continues in fresh arrays.
    staged.sender.submit(
        new CopyBatch(staged.name, sql, staged.types(), staged.seqs, staged.values, staged.count));
    staged.restart();
  }

  /** One unit of work for the sender thread. */
  private sealed interface Task permits RunSql, Prepare, CopyBatch, End {}

  /** A statement on {@code table}'s staging table (null: on none). */
  private record RunSql(String table, String sql) implements Task {}

  /** A statement that may fail without failing the staging ({@link #prepareCommit}). */
  private record Prepare(String sql) implements Task {}

  /**
   * A batch of rows for one staging table: {@code values[i]} (aligned with {@code types}, NULL past
   * its end) with sequence number {@code seqs[i]}, for {@code i < count}.
   */
  private record CopyBatch(
      String table, String sql, DataType[] types, long[] seqs, Object[][] values, int count)
      implements Task {}

  /** No more tasks: the sender thread ends once everything before it ran. */
  private record End() implements Task {}

  /**
   * Runs this writer's statements and COPY batches in submission order, on a thread of the staging
   * executor taken with the first task (a load without rows takes none) and given back at {@link
   * End}. After a failure it keeps taking (and discarding) tasks so the writing thread never waits
   * on a full queue forever; the failure is raised in the writing thread by {@link #check()}.
   */
  private final class Sender implements Runnable {
    private final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private CopyBytes bytes = new CopyBytes(BYTES_CAPACITY);
    private volatile RuntimeException failure;
    private volatile boolean stopping;
    private CompletableFuture<Void> running;

    void submit(Task task) {
      check();
      if (running == null) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        try {
          executor.execute(
              () -> {
                if (mdc != null) {
                  MDC.setContextMap(mdc);
                }
                try {
                  run();
                } finally {
                  MDC.clear();
                  done.complete(null);
                }
              });
        } catch (RejectedExecutionException e) {
          throw new LoadException("staging of load " + pkg.loadId() + " cannot start", e);
        }
        running = done;
      }
      try {
        queue.put(task);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoadException("staging of load " + pkg.loadId() + " was interrupted", e);
      }
    }

    /** Throws the first failure of a statement or COPY, if any. */
    void check() {
      RuntimeException f = failure;
      if (f != null) {
        throw f;
      }
    }

    /** Waits until every submitted task ran; throws the first failure. */
    void finish() {
      if (running != null) {
        submit(new End());
        try {
          running.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LoadException("staging of load " + pkg.loadId() + " was interrupted", e);
        } catch (ExecutionException e) {
          throw new LoadException("staging of load " + pkg.loadId() + " failed", e.getCause());
        }
        running = null;
      }
      check();
    }

    /**
     * Gives up on what is queued and waits for a statement or COPY already running (it holds locks
     * that dropping the staging schema needs anyway). Never throws.
     */
    void stop() {
      CompletableFuture<Void> r = running;
      if (r == null) {
        return;
      }
      stopping = true;
      queue.clear();
      queue.offer(new End());
      boolean interrupted = Thread.interrupted();
      try {
        r.get();
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        // run() catches everything: nothing to report
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      running = null;
    }

    private void fail(Throwable e) {
      if (failure == null) {
        failure =
            e instanceof RuntimeException re
                ? re
                : new LoadException("staging of load " + pkg.loadId() + " failed: " + e, e);
      }
    }

    @Override
    public void run() {
      while (true) {
        Task task;
        try {
          task = queue.take();
        } catch (InterruptedException e) {
          // Keep draining until End, so the writing thread never blocks on a full queue.
          fail(e);
          continue;
        }
        if (task instanceof End) {
          return;
        }
        if (failure != null || stopping) {
          continue;
        }
        String table =
            task instanceof RunSql st ? st.table() : task instanceof CopyBatch c ? c.table() : null;
        if (table != null && failedTables.containsKey(table)) {
          continue; // the table failed (isolated): its later work is moot
        }
        try {
          if (task instanceof RunSql st) {
            execute(st.sql());
          } else if (task instanceof Prepare p) {
            try {
              execute(p.sql());
            } catch (LoadException e) {
              log.debug("staging of load {}: left to the commit: {}", pkg.loadId(), e.getCause());
            }
          } else if (task instanceof CopyBatch c) {
            copy(c, bytes);
            if (bytes.array().length > 4 * BYTES_CAPACITY) {
              bytes = new CopyBytes(BYTES_CAPACITY); // after an outsized batch: give it back
            }
          }
        } catch (Throwable e) {
          // Errors too (an OutOfMemoryError on a huge batch): a silently dead sender would leave
          // finish() reporting success for batches never sent.
          if (isolateTables && table != null && tableLevel(e)) {
            failedTables.putIfAbsent(
                table,
                e instanceof RuntimeException re
                    ? re
                    : new LoadException("staging of table " + table + " failed: " + e, e));
            log.debug("staging of load {}: table {} failed", pkg.loadId(), table, e);
          } else {
            fail(e);
          }
        }
      }
    }
  }

  /**
   * Encodes a batch as UTF-8 COPY text into the sender's reused buffer and streams it: every {@link
   * #COPY_CHUNK} bytes go out as they are made, so PostgreSQL ingests while the rest is encoded.
   */
  private void copy(CopyBatch batch, CopyBytes out) {
    out.reset();
    DataType[] types = batch.types();
    try (Connection connection = dataSource.getConnection()) {
      // Each batch commits alone; waiting for its WAL flush (a logged staging table, to be
      // adopted) cost as much as the COPY itself. Not durable is safe here: markStaged's commit
      // flushes the WAL up to it, batches included, before the package counts as staged.
      connection.setAutoCommit(false);
      try {
        try (Statement st = connection.createStatement()) {
          st.execute("SET LOCAL synchronous_commit = off");
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        CopyIn in = copy.copyIn(batch.sql());
        try {
          for (int r = 0; r < batch.count(); r++) {
            Object[] values = batch.values()[r];
            out.appendLong(batch.seqs()[r]);
            for (int i = 0; i < types.length; i++) {
              out.append('\t');
              try {
                out.appendValue(types[i], i < values.length ? values[i] : null);
              } catch (IllegalArgumentException e) {
                throw new LoadException(
                    "row for staging table "
                        + batch.table()
                        + " of load "
                        + pkg.loadId()
                        + ": "
                        + e,
                    e);
              }
            }
            out.append('\n');
            if (out.length() >= COPY_CHUNK) {
              in.writeToCopy(out.array(), 0, out.length());
              out.reset();
            }
          }
          if (out.length() > 0) {
            in.writeToCopy(out.array(), 0, out.length());
          }
          in.endCopy();
        } finally {
          if (in.isActive()) {
            in.cancelCopy();
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new LoadException(
          "COPY into staging table "
              + batch.table()
              + " of load "
              + pkg.loadId()
              + " failed [statement COPY]",
          e);
    }
  }

  private void execute(String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement st = connection.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new LoadException(
          "staging of load "
              + pkg.loadId()
              + " failed [statement "
              + LoadException.statementKind(sql)
              + "]",
          e);
    }
  }

  private static final class StagedTable {
    final String name;
    final Sender sender;
    boolean logged;
    List<Column> columns;
    long rows;

    // rows waiting for the next batch
    long[] seqs = new long[16];
    Object[][] values = new Object[16][];
    int count;
    int chars;

    StagedTable(String name, List<Column> columns, Sender sender) {
      this.name = name;
      this.sender = sender;
      this.columns = List.copyOf(columns);
    }

    void add(long seq, Object[] row, int rowChars) {
      if (count == seqs.length) {
        seqs = Arrays.copyOf(seqs, count * 2);
        values = Arrays.copyOf(values, count * 2);
      }
      seqs[count] = seq;
      values[count] = row;
      count++;
      chars += rowChars;
    }

    DataType[] types() {
      DataType[] types = new DataType[columns.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] = columns.get(i).type();
      }
      return types;
    }

    /** After a flush: fresh arrays sized for a batch like the last one. */
    void restart() {
      int capacity = Math.max(16, count + count / 8);
      seqs = new long[capacity];
      values = new Object[capacity][];
      count = 0;
      chars = 0;
    }
  }
}
