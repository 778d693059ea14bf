package io.flowloader.load;

import io.flowloader.load.DatasetCatalog.CatalogColumn;
import io.flowloader.load.DatasetCatalog.CatalogIndex;
import io.flowloader.normalize.Column;
import io.flowloader.normalize.DltColumns;
import io.flowloader.normalize.Scd2;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.state.Cursor;
import io.flowloader.state.CursorKey;
import io.flowloader.state.StateStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commits a staged load package into its dataset in ONE transaction.
 *
 * <p>In order: a transaction-scoped advisory lock on the dataset (serialises DDL and merges of
 * concurrent loads into the same dataset; loads into different datasets never wait on each other),
 * the dataset schema and dlt's system tables if missing, {@code CREATE TABLE} / {@code ALTER TABLE
 * ADD COLUMN} from the package's final schema (checked against the catalog), the write
 * dispositions, the {@code _dlt_version} row if the schema changed, the cursors, the {@code
 * _dlt_pipeline_state} row if the state changed, the {@code _dlt_loads} row, the package's status
 * {@code loaded}, and finally emptying the staging tables and making those the next load may need
 * ({@link StagingSchemas#emptyCommitted}, {@link StagingSchemas#createMissing}). No temporary table
 * is made (each would add catalog rows to every load). Any failure rolls all of it back: the
 * dataset, the cursors and the package are exactly as before. (With {@link TableFailures} a failure
 * on one resource's tables is retried without that resource, see {@link #commit(LoadPackage,
 * TableFailures)}.)
 *
 * <p>Dispositions (docs/dlt-compatibility.md, "Write dispositions"), per root table and its child
 * tables:
 *
 * <ul>
 *   <li>{@code append}: staged rows are inserted.
 *   <li>{@code replace}: every table of the tree is emptied ({@code DELETE}, so readers keep seeing
 *       the old rows until commit), then the staged rows are inserted.
 *   <li>{@code merge} (delete-insert): dataset roots whose primary key was staged are deleted with
 *       their descendants (by {@code _dlt_root_id}); of the staged roots one per key is inserted —
 *       the LAST staged — with its children. Without a primary key, merge appends (as dlt).
 *   <li>{@code upsert}: root {@code _dlt_id} is the key hash, so {@code INSERT … ON CONFLICT
 *       ("_dlt_id") DO UPDATE} on dlt's UNIQUE constraint updates existing roots and inserts new
 *       ones (PostgreSQL 9.5+, no MERGE); children are upserted the same way and children of the
 *       loaded roots that are not in the load are deleted.
 * </ul>
 */
@Service
public class Committer {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ROOT_ID = DltColumns.ROOT_ID;
  private static final String ROW_ID = DltColumns.ID;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final LoadPackages packages;
  private final StateStore state;
  private final Clock clock = Clock.systemUTC();

  public Committer(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactionManager,
      LoadPackages packages,
      StateStore state) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactionManager);
    this.packages = packages;
    this.state = state;
  }

  /**
   * Commits a {@code staged} package; returns it {@code loaded}. On failure nothing changes and a
   * {@link LoadException} is thrown; the caller decides what becomes of the package.
   */
  public LoadPackage commit(LoadPackage pkg) {
    return commit(pkg, null);
  }

  /**
   * As {@link #commit(LoadPackage)}; when a statement on one resource's tables fails and {@code
   * failures} isolates it, the transaction is rolled back and run again without that resource: its
   * tables keep the dataset's current shape and rows, its cursors stay, and the package ends {@code
   * partial} listing it. Repeated per failing resource. A failure outside a resource's tables (the
   * system tables, a lost connection) fails the commit as before.
   *
   * @param failures null: any failure fails the commit
   */
  public LoadPackage commit(LoadPackage pkg, TableFailures failures) {
    if (pkg.status() != PackageStatus.STAGED || pkg.finalSchema() == null) {
      throw new IllegalStateException(
          "load package " + pkg.loadId() + " is " + pkg.status() + ", not staged");
    }
    Schema schema = SchemaJson.read(pkg.finalSchema().json());
    Map<CursorKey, Cursor> cursors =
        StateStore.fromJson(pkg.cursorUpdates() == null ? null : pkg.cursorUpdates().json());
    Map<String, String> failed = new LinkedHashMap<>();
    while (true) {
      Attempt attempt = new Attempt(Map.copyOf(failed));
      Map<CursorKey, Cursor> kept = new LinkedHashMap<>(cursors);
      kept.keySet().removeIf(k -> failed.containsKey(k.resource()));
      try {
        return transaction.execute(tx -> commitInTransaction(pkg, schema, kept, attempt));
      } catch (RuntimeException e) {
        String resource = attempt.resource;
        String why =
            failures == null || resource == null || failed.containsKey(resource)
                ? null
                : failures.isolate(resource, e);
        if (why != null) {
          failed.put(resource, why);
          continue; // rolled back: again, without the resource
        }
        if (e instanceof LoadException) {
          throw e;
        }
        throw new LoadException(
            "commit of load " + pkg.loadId() + " into " + pkg.dataset() + " failed: " + e, e);
      }
    }
  }

  /**
   * One run of the commit transaction: the resources left out (with their causes) and the resource
   * whose tables are being worked on (null: none), which a failure is charged to.
   */
  private static final class Attempt {
    final Map<String, String> excluded;
    String resource;

    Attempt(Map<String, String> excluded) {
      this.excluded = excluded;
    }

    boolean excludes(String resource) {
      return resource != null && excluded.containsKey(resource);
    }
  }

  private LoadPackage commitInTransaction(
      LoadPackage pkg, Schema stagedSchema, Map<CursorKey, Cursor> cursors, Attempt attempt) {
    String dataset = pkg.dataset();
    String staging = pkg.stagingSchema();
    Instant now = clock.instant();
    jdbc.queryForObject(
        "SELECT pg_advisory_xact_lock(hashtext('flowloader.dataset'), hashtext(?))",
        Object.class,
        dataset);
    Schema schema =
        attempt.excluded.isEmpty() ? stagedSchema : withoutExcluded(stagedSchema, dataset, attempt);
    // A synchronized scan may start mid-table; appendAll reads staging front to back instead.
    jdbc.execute("SET LOCAL synchronize_seqscans = off");
    jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.quote(dataset));
    Ddl.createSystemTables(dataset).forEach(jdbc::execute);

    Map<String, List<CatalogColumn>> datasetTables = DatasetCatalog.tables(jdbc, dataset);
    // The staging schema is reused from load to load: only the tables of this package's jobs hold
    // its rows (the others are empty, left by earlier loads).
    Set<String> jobTables = StagingSchemas.stagedRows(pkg).keySet();
    Map<String, List<CatalogColumn>> stagingCatalog = DatasetCatalog.tables(jdbc, staging);
    Set<String> stagingHas = new HashSet<>(stagingCatalog.keySet());
    stagingCatalog.keySet().retainAll(jobTables);
    Map<String, List<CatalogIndex>> stagingIndexes = DatasetCatalog.indexes(jdbc, staging);
    stagingIndexes.keySet().retainAll(jobTables);
    Map<String, List<String>> stagedTables = stagedColumns(stagingCatalog);
    verifyStaging(pkg, stagedTables);

    Set<String> resources = new HashSet<>(resources(pkg));
    List<TreeLoad> trees = new ArrayList<>();
    for (TableSchema root : schema.tables().values()) {
      if (!root.isRoot()) {
        continue;
      }
      List<TableSchema> tree = tree(schema, root);
      boolean staged = tree.stream().anyMatch(t -> stagedTables.containsKey(t.name()));
      boolean covered = staged || resources.contains(root.resource());
      if (covered && !attempt.excludes(root.resource())) {
        trees.add(
            new TreeLoad(
                dataset,
                staging,
                root,
                tree,
                stagedTables,
                stagingIndexes.getOrDefault(root.name(), List.of()),
                trees.size()));
      }
    }
    Set<String> adopted = adoptable(trees, datasetTables, stagingCatalog, staging);
    List<String> deferredUnique =
        applyDdl(dataset, staging, schema, datasetTables, adopted, stagingIndexes, attempt);
    Instant boundary =
        (pkg.startedAt() != null ? pkg.startedAt() : now).truncatedTo(ChronoUnit.MICROS);
    for (TreeLoad tree : trees) {
      tree.loadBoundary = boundary;
      attempt.resource = tree.root.resource();
      tree.run(adopted);
    }
    attempt.resource = null;
    deferredUnique.forEach(jdbc::execute);

    String hash = SchemaJson.versionHash(schema);
    String newestHash =
        jdbc.query(
            "SELECT version_hash FROM "
                + Sql.table(dataset, "_dlt_version")
                + " WHERE schema_name = ? ORDER BY version DESC, inserted_at DESC LIMIT 1",
            rs -> rs.next() ? rs.getString(1) : null,
            schema.name());
    if (!hash.equals(newestHash)) {
      jdbc.update(
          "INSERT INTO "
              + Sql.table(dataset, "_dlt_version")
              + " (version, engine_version, inserted_at, schema_name, version_hash, schema)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          schema.version(),
          SchemaJson.ENGINE_VERSION,
          Timestamp.from(now),
          schema.name(),
          hash,
          SchemaJson.write(schema));
    }

    state.advance(pkg.tenant(), pkg.loadId(), cursors);
    PipelineState.writeIfChanged(
        jdbc, dataset, schema.name(), schema.name(), state.load(pkg.tenant()), pkg.loadId(), now);

    jdbc.update(
        "INSERT INTO "
            + Sql.table(dataset, "_dlt_loads")
            + " (load_id, schema_name, status, inserted_at, schema_version_hash)"
            + " VALUES (?, ?, 0, ?, ?)",
        pkg.loadId(),
        schema.name(),
        Timestamp.from(clock.instant()),
        hash);
    LoadPackage loaded =
        attempt.excluded.isEmpty()
            ? packages.markLoaded(pkg)
            : packages.markLoaded(pkg, failedTables(stagedSchema, attempt), failedText(attempt));
    Set<String> left = new HashSet<>(stagingCatalog.keySet());
    left.removeAll(adopted);
    StagingSchemas.emptyCommitted(jdbc, pkg, left, stagingIndexes);
    stagingHas.removeAll(adopted);
    StagingSchemas.createMissing(
        jdbc,
        pkg,
        schema.tables().values().stream()
            .filter(t -> !attempt.excludes(t.resource()) && !stagingHas.contains(t.name()))
            .toList());
    return loaded;
  }

  /**
   * The staged schema with the tables of the excluded resources as the dataset has them now (its
   * newest {@code _dlt_version}), or without them when the dataset has none.
   */
  private Schema withoutExcluded(Schema staged, String dataset, Attempt attempt) {
    String json =
        jdbc.query(
            "SELECT schema FROM "
                + Sql.table(dataset, "_dlt_version")
                + " WHERE schema_name = ? ORDER BY version DESC, inserted_at DESC LIMIT 1",
            rs -> rs.next() ? rs.getString(1) : null,
            staged.name());
    Schema current = json == null ? Schema.empty(staged.name()) : SchemaJson.read(json);
    Map<String, TableSchema> kept = new LinkedHashMap<>();
    staged
        .tables()
        .forEach(
            (name, table) -> {
              if (!attempt.excludes(table.resource())) {
                kept.put(name, table);
              } else if (current.table(name) != null) {
                kept.put(name, current.table(name));
              }
            });
    return kept.equals(current.tables()) ? current : Schema.evolve(current, kept);
  }

  /** The staged tables of the excluded resources, each with its resource's cause. */
  private static Map<String, String> failedTables(Schema staged, Attempt attempt) {
    Map<String, String> tables = new LinkedHashMap<>();
    staged
        .tables()
        .forEach(
            (name, table) -> {
              if (attempt.excludes(table.resource())) {
                tables.put(name, attempt.excluded.get(table.resource()));
              }
            });
    return tables;
  }

  private static String failedText(Attempt attempt) {
    return attempt.excluded.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("; "));
  }

  /**
   * Creates missing tables (or adopts their staging tables, see {@link #adoptable}) and adds
   * missing columns; an existing column must have its type. Returns the statements adding the
   * UNIQUE constraints of the tables created or adopted without them, which the caller runs once
   * they are filled. Upsert tables get theirs at once: {@code ON CONFLICT} needs the unique index.
   */
  private List<String> applyDdl(
      String dataset,
      String staging,
      Schema schema,
      Map<String, List<CatalogColumn>> datasetTables,
      Set<String> adopted,
      Map<String, List<CatalogIndex>> stagingIndexes,
      Attempt attempt) {
    List<String> deferredUnique = new ArrayList<>();
    Set<String> namesTaken = null;
    for (TableSchema table : schema.tables().values()) {
      if (attempt.excludes(table.resource())) {
        continue; // left out: its tables stay as they are
      }
      attempt.resource = table.resource();
      List<CatalogColumn> existing = datasetTables.get(table.name());
      if (existing == null) {
        if (adopted.contains(table.name())) {
          if (namesTaken == null) {
            namesTaken = new HashSet<>(DatasetCatalog.relationAndConstraintNames(jdbc, dataset));
            namesTaken.addAll(schema.tables().keySet());
          }
          deferredUnique.addAll(
              adopt(
                  dataset,
                  staging,
                  table,
                  stagingIndexes.getOrDefault(table.name(), List.of()),
                  namesTaken));
        } else if (table.disposition() == WriteDisposition.UPSERT) {
          jdbc.execute(Ddl.createTable(dataset, table));
        } else {
          jdbc.execute(Ddl.createTableDeferringUnique(dataset, table));
          deferredUnique.addAll(Ddl.addUniqueConstraints(dataset, table));
        }
        continue;
      }
      Map<String, CatalogColumn> byName =
          existing.stream().collect(Collectors.toMap(CatalogColumn::name, c -> c, (a, b) -> a));
      List<Column> missing = new ArrayList<>();
      for (Column c : table.columns()) {
        CatalogColumn present = byName.get(c.name());
        if (present == null) {
          missing.add(c);
        } else if (!present.type().equals(c.formatType())) {
          throw new LoadException(
              "column "
                  + dataset
                  + "."
                  + table.name()
                  + "."
                  + c.name()
                  + " is "
                  + present.type()
                  + " in the database but "
                  + c.postgresType()
                  + " in the schema; dlt never retypes a column");
        }
      }
      if (!missing.isEmpty()) {
        jdbc.execute(Ddl.addColumns(dataset, table.name(), missing));
      }
    }
    return deferredUnique;
  }

  /**
   * Moves an adopted staging table into the dataset ({@link Ddl#adoptStagingTable}) and returns the
   * UNIQUE constraints still to add. A constraint the staging already built ({@link
   * Ddl#prepareAdoption}) comes along when it has the name PostgreSQL would give it here (the
   * untruncated {@code <table>_<column>_key}, which nothing in the dataset has); otherwise it is
   * dropped and added again after the rows, as for a table created here, so that the name is always
   * PostgreSQL's choice. Other staging indexes ({@link Ddl#createKeyIndex}) are dropped.
   */
  private List<String> adopt(
      String dataset,
      String staging,
      TableSchema table,
      List<CatalogIndex> indexes,
      Set<String> namesTaken) {
    List<String> pending = new ArrayList<>();
    for (CatalogIndex index : indexes) {
      if (index.constraint() == null) {
        jdbc.execute("DROP INDEX " + Sql.table(staging, index.name()));
      }
    }
    for (Column c : table.columns()) {
      if (!c.unique()) {
        continue;
      }
      CatalogIndex built =
          indexes.stream()
              .filter(i -> i.constraint() != null && i.columns().equals(List.of(c.name())))
              .findFirst()
              .orElse(null);
      String expected = Ddl.uniqueConstraintName(table.name(), c.name());
      if (built != null
          && built.unique()
          && built.constraint().equals(expected)
          && !namesTaken.contains(expected)) {
        namesTaken.add(expected);
        continue;
      }
      if (built != null) {
        jdbc.execute(
            "ALTER TABLE "
                + Sql.table(staging, table.name())
                + " DROP CONSTRAINT "
                + Sql.quote(built.constraint()));
      }
      pending.add(Ddl.addUniqueConstraint(dataset, table.name(), c.name()));
    }
    Ddl.adoptStagingTable(staging, dataset, table).forEach(jdbc::execute);
    return pending;
  }

  /**
   * A staged package must still have every row it staged (a lost or truncated staging schema would
   * otherwise commit a partial load and advance the cursors past rows never loaded).
   */
  private void verifyStaging(LoadPackage pkg, Map<String, List<String>> stagedTables) {
    for (LoadJob job : pkg.jobs()) {
      Long rows =
          stagedTables.containsKey(job.tableName())
              ? jdbc.queryForObject(
                  "SELECT count(*) FROM " + Sql.table(pkg.stagingSchema(), job.tableName()),
                  Long.class)
              : Long.valueOf(0);
      if (rows == null || rows != job.rows()) {
        throw new LoadException(
            "staging of load "
                + pkg.loadId()
                + " lost rows of "
                + job.tableName()
                + ": "
                + job.rows()
                + " staged, "
                + rows
                + " found");
      }
    }
  }

  private static Map<String, List<String>> stagedColumns(
      Map<String, List<CatalogColumn>> stagingCatalog) {
    Map<String, List<String>> staged = new LinkedHashMap<>();
    stagingCatalog.forEach(
        (table, columns) ->
            staged.put(
                table,
                columns.stream()
                    .map(CatalogColumn::name)
                    .filter(n -> !Ddl.SEQ.equals(n))
                    .toList()));
    return staged;
  }

  /**
   * The tables whose staging table becomes the dataset table as it is, instead of being copied into
   * a new one (a first load writes every row once, not twice). A table qualifies when the dataset
   * does not have it yet, its tree inserts every staged row as staged (append, replace, merge
   * without a key staged twice: nothing to delete, nothing to pick), and its staging table is
   * logged (staged for adoption, {@link Ddl#createStagingTable}) with exactly the schema's columns,
   * in order and type, besides {@value Ddl#SEQ}. Anything else takes the copying path, which gives
   * the same table.
   */
  private Set<String> adoptable(
      List<TreeLoad> trees,
      Map<String, List<CatalogColumn>> datasetTables,
      Map<String, List<CatalogColumn>> stagingCatalog,
      String staging) {
    Set<String> logged = DatasetCatalog.loggedTableNames(jdbc, staging);
    Set<String> adoptable = new HashSet<>();
    for (TreeLoad load : trees) {
      for (TableSchema table : load.tree()) {
        String name = table.name();
        if (datasetTables.containsKey(name)
            || !logged.contains(name)
            || !sameColumnsAndSeq(table, stagingCatalog.get(name))) {
          continue;
        }
        if (load.insertsAsStaged()) {
          adoptable.add(name);
        }
      }
    }
    return adoptable;
  }

  private static boolean sameColumnsAndSeq(TableSchema table, List<CatalogColumn> staged) {
    if (staged == null || staged.stream().noneMatch(c -> Ddl.SEQ.equals(c.name()))) {
      return false;
    }
    List<CatalogColumn> visible = staged.stream().filter(c -> !Ddl.SEQ.equals(c.name())).toList();
    List<Column> columns = table.columns();
    if (visible.size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      CatalogColumn s = visible.get(i);
      if (!s.name().equals(c.name()) || !s.type().equals(c.formatType())) {
        return false;
      }
    }
    return true;
  }

  private static List<String> resources(LoadPackage pkg) {
    if (pkg.resources() == null) {
      return List.of();
    }
    return JSON.readValue(pkg.resources().json(), new TypeReference<List<String>>() {});
  }

  /** The root followed by all its descendants, in schema order. */
  private static List<TableSchema> tree(Schema schema, TableSchema root) {
    List<TableSchema> tree = new ArrayList<>();
    tree.add(root);
    for (TableSchema t : schema.tables().values()) {
      TableSchema up = t;
      while (up.parent() != null && schema.table(up.parent()) != null) {
        up = schema.table(up.parent());
      }
      if (t != root && up.name().equals(root.name())) {
        tree.add(t);
      }
    }
    return tree;
  }

  /** Applies the disposition of one root table to it and its child tables. */
  private final class TreeLoad {
    private final String dataset;
    private final String staging;
    private final TableSchema root;
    private final List<TableSchema> children;
    private final Map<String, List<String>> stagedTables;
    private final String keep;
    private final List<String> key;
    private final WriteDisposition disposition;
    private final List<CatalogIndex> rootIndexes;
    private Boolean keyStagedTwice;
    private Set<String> adopted = Set.of();

    /** scd2's default boundary: the load package's start, as dlt takes its creation time. */
    private Instant loadBoundary;

    TreeLoad(
        String dataset,
        String staging,
        TableSchema root,
        List<TableSchema> tree,
        Map<String, List<String>> stagedTables,
        List<CatalogIndex> rootIndexes,
        int no) {
      this.dataset = dataset;
      this.staging = staging;
      this.rootIndexes = rootIndexes;
      this.root = root;
      this.children = tree.subList(1, tree.size());
      this.stagedTables = stagedTables;
      this.keep = "flowloader_keep_" + no;
      this.key = root.columns().stream().filter(Column::primaryKey).map(Column::name).toList();
      // dlt merges without a key by appending (scd2 identifies rows by their hash instead).
      this.disposition =
          root.disposition().carriesRootId()
                  && root.disposition() != WriteDisposition.SCD2
                  && key.isEmpty()
              ? WriteDisposition.APPEND
              : root.disposition();
    }

    /**
     * Whether every staged row of the tree goes in as staged: append, replace, or a merge in which
     * no key was staged twice (every staged root wins and brings all its children).
     */
    boolean insertsAsStaged() {
      return switch (disposition) {
        case APPEND, REPLACE -> true;
        case MERGE -> stagedTables.containsKey(root.name()) && !keyStagedTwice();
        case UPSERT, SCD2 -> false;
      };
    }

    /** Loads the tree; the {@code adopted} tables already hold their staged rows. */
    void run(Set<String> adopted) {
      this.adopted = adopted;
      switch (disposition) {
        case APPEND -> appendAll();
        case REPLACE -> {
          for (TableSchema t : copiedTables()) {
            jdbc.execute("DELETE FROM " + Sql.table(dataset, t.name()));
          }
          appendAll();
        }
        case MERGE -> deleteInsert();
        case UPSERT -> upsert();
        case SCD2 -> scd2();
      }
    }

    private List<TableSchema> tree() {
      List<TableSchema> all = new ArrayList<>();
      all.add(root);
      all.addAll(children);
      return all;
    }

    /**
     * The tables of the tree that were not adopted (an adopted table is new: nothing to delete).
     */
    private List<TableSchema> copiedTables() {
      return tree().stream().filter(t -> !adopted.contains(t.name())).toList();
    }

    /**
     * Inserts every staged row, without {@code ORDER BY} (sorting would be a large part of the
     * statement). A staging table only receives appends and synchronized scans are off, so rows
     * arrive mostly in staged order; not strictly (a later COPY may fill free space left in earlier
     * pages). Physical row order is not part of the contract (nor is it for dlt, which loads files
     * in parallel jobs); which row wins a key never depends on it.
     */
    private void appendAll() {
      for (TableSchema t : copiedTables()) {
        List<String> cols = stagedTables.get(t.name());
        if (cols != null) {
          jdbc.execute(
              "INSERT INTO "
                  + Sql.table(dataset, t.name())
                  + " ("
                  + Sql.columnList(cols)
                  + ") SELECT "
                  + Sql.columnList(cols)
                  + " FROM "
                  + Sql.table(staging, t.name()));
        }
      }
    }

    /**
     * The staged roots that win, as a derived table named {@code keep}: per primary key the last
     * staged one ({@code "#id"}, {@code "#seq"}), with the number of times the key was staged
     * ({@code "#n"}). A subquery, not a temporary table: a temporary table would add catalog rows
     * to every load; the staging does not change during the commit, so each use gives the same
     * rows.
     */
    private String keep() {
      String keyList = Sql.columnList(key);
      return "(SELECT DISTINCT ON ("
          + keyList
          + ") "
          + Sql.quote(ROW_ID)
          + " AS \"#id\", "
          + Sql.quote(Ddl.SEQ)
          + " AS \"#seq\", count(*) OVER (PARTITION BY "
          + keyList
          + ") AS \"#n\" FROM "
          + Sql.table(staging, root.name())
          + " ORDER BY "
          + keyList
          + ", "
          + Sql.quote(Ddl.SEQ)
          + " DESC) "
          + Sql.quote(keep);
    }

    private boolean keyStagedTwice() {
      if (keyStagedTwice == null && keyIndexBuilt()) {
        keyStagedTwice = false;
      }
      if (keyStagedTwice == null) {
        keyStagedTwice =
            Boolean.TRUE.equals(
                jdbc.queryForObject(
                    "SELECT EXISTS (SELECT 1 FROM "
                        + Sql.table(staging, root.name())
                        + " GROUP BY "
                        + Sql.columnList(key)
                        + " HAVING count(*) > 1)",
                    Boolean.class));
      }
      return keyStagedTwice;
    }

    /**
     * Whether the staging built a unique index on the root's key ({@link Ddl#createKeyIndex}),
     * which proves each key was staged once, when the key columns are NOT NULL (a unique index lets
     * NULLs repeat).
     */
    private boolean keyIndexBuilt() {
      boolean notNull =
          key.stream().allMatch(k -> root.column(k).map(c -> !c.nullable()).orElse(false));
      return notNull
          && rootIndexes.stream()
              .anyMatch(
                  i ->
                      i.unique()
                          && i.constraint() == null
                          && i.name().startsWith(Ddl.KEY_INDEX_PREFIX)
                          && i.columns().equals(key));
    }

    private String keyMatch() {
      return key.stream()
          .map(k -> "d." + Sql.quote(k) + " = s." + Sql.quote(k))
          .collect(Collectors.joining(" AND "));
    }

    private void requireRootIds() {
      for (TableSchema child : children) {
        if (child.column(ROOT_ID).isEmpty()) {
          throw new LoadException(
              "child table "
                  + child.name()
                  + " of merge table "
                  + root.name()
                  + " has no "
                  + ROOT_ID
                  + " column");
        }
      }
    }

    /**
     * Deletes from the dataset every root whose key was staged (and that matches {@code
     * extraCondition} on the dataset row {@code d}), with all rows of its tree: one statement, the
     * doomed root ids found once in a common table expression, each table's rows deleted by one of
     * its data-modifying parts.
     */
    private void deleteTrees(String extraCondition) {
      StringBuilder sql =
          new StringBuilder("WITH \"#doomed\" AS (SELECT d.")
              .append(Sql.quote(ROW_ID))
              .append(" AS \"#id\" FROM ")
              .append(Sql.table(dataset, root.name()))
              .append(" d WHERE EXISTS (SELECT 1 FROM ")
              .append(Sql.table(staging, root.name()))
              .append(" s WHERE ")
              .append(keyMatch())
              .append(")")
              .append(extraCondition)
              .append(")");
      String main = "SELECT count(*) FROM \"#doomed\"";
      List<TableSchema> tables = copiedTables();
      for (int i = 0; i < tables.size(); i++) {
        TableSchema t = tables.get(i);
        String delete =
            "DELETE FROM "
                + Sql.table(dataset, t.name())
                + " WHERE "
                + Sql.quote(t == root ? ROW_ID : ROOT_ID)
                + " IN (SELECT \"#id\" FROM \"#doomed\")";
        if (t == root) {
          main = delete;
        } else {
          sql.append(", \"#t").append(i).append("\" AS (").append(delete).append(")");
        }
      }
      jdbc.execute(sql.append(' ').append(main).toString());
    }

    /** dlt's default merge: delete the dataset's rows of every staged key, insert the last one. */
    private void deleteInsert() {
      requireRootIds();
      List<String> rootCols = stagedTables.get(root.name());
      if (rootCols == null) {
        return;
      }
      if (!keyStagedTwice()) {
        // Every staged root wins and brings all its children: no per-key selection needed. An
        // adopted root table is new: no dataset root to replace.
        if (!adopted.contains(root.name())) {
          deleteTrees("");
        }
        appendAll();
        return;
      }
      deleteTrees("");
      insertRoots(rootCols, "");
      for (TableSchema child : children) {
        List<String> cols = stagedTables.get(child.name());
        if (cols != null) {
          jdbc.execute(
              "INSERT INTO "
                  + Sql.table(dataset, child.name())
                  + " ("
                  + Sql.columnList(cols)
                  + ") SELECT "
                  + Sql.columnList(cols)
                  + " FROM "
                  + Sql.table(staging, child.name())
                  + " c JOIN "
                  + keep()
                  + " ON "
                  + Sql.quote(keep)
                  + ".\"#id\" = c."
                  + Sql.quote(ROOT_ID)
                  + " ORDER BY c."
                  + Sql.quote(Ddl.SEQ));
        }
      }
    }

    /** Upsert: roots and children by {@code _dlt_id} (the key hash and what derives from it). */
    private void upsert() {
      requireRootIds();
      List<String> rootCols = stagedTables.get(root.name());
      if (rootCols == null) {
        return;
      }
      // A dataset root with a staged key but another id (its key hashed differently before, e.g.
      // "42" then 42) would survive ON CONFLICT: remove it and its children first.
      deleteTrees(" AND d." + Sql.quote(ROW_ID) + " NOT IN (SELECT \"#id\" FROM " + keep() + ")");
      insertRoots(rootCols, onConflictUpdate(rootCols));
      for (TableSchema child : children) {
        List<String> cols = stagedTables.get(child.name());
        String notIn = "";
        if (cols != null) {
          jdbc.execute(
              "INSERT INTO "
                  + Sql.table(dataset, child.name())
                  + " ("
                  + Sql.columnList(cols)
                  + ") SELECT "
                  + Sql.columnList(cols)
                  + " FROM ("
                  + lastChildRows(child)
                  + ") \"#kids\" ORDER BY "
                  + Sql.quote(Ddl.SEQ)
                  + onConflictUpdate(cols));
          notIn =
              " AND "
                  + Sql.quote(ROW_ID)
                  + " NOT IN (SELECT "
                  + Sql.quote(ROW_ID)
                  + " FROM ("
                  + lastChildRows(child)
                  + ") \"#kids\")";
        }
        jdbc.execute(
            "DELETE FROM "
                + Sql.table(dataset, child.name())
                + " WHERE "
                + Sql.quote(ROOT_ID)
                + " IN (SELECT \"#id\" FROM "
                + keep()
                + ")"
                + notIn);
      }
    }

    private void insertRoots(List<String> cols, String conflictClause) {
      jdbc.execute(
          "INSERT INTO "
              + Sql.table(dataset, root.name())
              + " ("
              + Sql.columnList(cols)
              + ") SELECT "
              + Sql.prefixed("s", cols)
              + " FROM "
              + Sql.table(staging, root.name())
              + " s JOIN "
              + keep()
              + " ON "
              + Sql.quote(keep)
              + ".\"#seq\" = s."
              + Sql.quote(Ddl.SEQ)
              + " ORDER BY s."
              + Sql.quote(Ddl.SEQ)
              + conflictClause);
    }

    /**
     * Upsert: staged rows of a child table that belong to a winning root, one per {@code _dlt_id}
     * (the last staged). A key staged twice gives its roots the same id; then only children staged
     * after the winning root belong to it (the normalizer emits a record's root row before its
     * children). (Delete-insert merge joins children to the winning roots' random ids and, like
     * dlt, takes all of them.)
     */
    private String lastChildRows(TableSchema child) {
      String seq = Sql.quote(Ddl.SEQ);
      return "SELECT DISTINCT ON (c."
          + Sql.quote(ROW_ID)
          + ") c.* FROM "
          + Sql.table(staging, child.name())
          + " c JOIN "
          + keep()
          + " ON "
          + Sql.quote(keep)
          + ".\"#id\" = c."
          + Sql.quote(ROOT_ID)
          + " AND ("
          + Sql.quote(keep)
          + ".\"#n\" = 1 OR c."
          + seq
          + " > "
          + Sql.quote(keep)
          + ".\"#seq\")"
          + " ORDER BY c."
          + Sql.quote(ROW_ID)
          + ", c."
          + seq
          + " DESC";
    }

    /**
     * dlt's scd2 merge ({@code SqlMergeJob.gen_scd2_sql}): active dataset roots whose row hash is
     * not staged are retired ("valid to" := boundary; with a merge key only those whose key was
     * staged); staged roots whose hash is not active are inserted with "valid from" := boundary and
     * the active record's "valid to"; child rows are insert-only, those whose {@code _dlt_id} is
     * not in the table yet (they derive from the root's row hash, so an unchanged record adds
     * nothing).
     */
    private void scd2() {
      requireRootIds();
      List<String> rootCols = stagedTables.get(root.name());
      if (rootCols == null) {
        return; // as dlt: no staged rows, no merge job, nothing retired
      }
      Scd2 o = root.scd2() != null ? root.scd2() : new Scd2(null, null, null, null, null, null);
      String from = Sql.quote(o.validFrom());
      String to = Sql.quote(o.validTo());
      String hash = Sql.quote(o.hashColumn());
      Timestamp boundary = Timestamp.from(o.boundary() != null ? o.boundary() : loadBoundary);
      Timestamp active = o.activeRecord() == null ? null : Timestamp.from(o.activeRecord());
      String isActive = active == null ? "d." + to + " IS NULL" : "d." + to + " = ?";
      String dsRoot = Sql.table(dataset, root.name());
      String stRoot = Sql.table(staging, root.name());

      List<Object> args = new ArrayList<>();
      args.add(boundary);
      if (active != null) {
        args.add(active);
      }
      String retire =
          "UPDATE "
              + dsRoot
              + " d SET "
              + to
              + " = ? WHERE "
              + isActive
              + " AND NOT EXISTS (SELECT 1 FROM "
              + stRoot
              + " s WHERE s."
              + hash
              + " = d."
              + hash
              + ")";
      List<String> mergeKey = o.mergeKey();
      if (!mergeKey.isEmpty()) {
        boolean keyStaged =
            rootCols.containsAll(mergeKey)
                && mergeKey.stream().allMatch(k -> root.column(k).isPresent());
        if (!keyStaged) {
          retire = null; // no record of the load has the key: none is retired
        } else {
          retire +=
              " AND ("
                  + Sql.prefixed("d", mergeKey)
                  + ") IN (SELECT "
                  + Sql.prefixed("s", mergeKey)
                  + " FROM "
                  + stRoot
                  + " s)";
        }
      }
      if (retire != null) {
        jdbc.update(retire, args.toArray());
      }

      List<String> cols =
          rootCols.stream()
              .filter(c -> !c.equals(o.validFrom()) && !c.equals(o.validTo()))
              .toList();
      List<Object> insertArgs = new ArrayList<>();
      insertArgs.add(boundary);
      insertArgs.add(active);
      if (active != null) {
        insertArgs.add(active);
      }
      jdbc.update(
          "INSERT INTO "
              + dsRoot
              + " ("
              + Sql.columnList(cols)
              + ", "
              + from
              + ", "
              + to
              + ") SELECT "
              + Sql.prefixed("s", cols)
              + ", CAST(? AS timestamp with time zone), CAST(? AS timestamp with time zone) FROM "
              + stRoot
              + " s WHERE NOT EXISTS (SELECT 1 FROM "
              + dsRoot
              + " d WHERE d."
              + hash
              + " = s."
              + hash
              + " AND "
              + isActive
              + ") ORDER BY s."
              + Sql.quote(Ddl.SEQ),
          insertArgs.toArray());

      for (TableSchema child : children) {
        List<String> childCols = stagedTables.get(child.name());
        if (childCols == null) {
          continue;
        }
        String id = Sql.quote(ROW_ID);
        jdbc.execute(
            "INSERT INTO "
                + Sql.table(dataset, child.name())
                + " ("
                + Sql.columnList(childCols)
                + ") SELECT DISTINCT ON (c."
                + id
                + ") "
                + Sql.prefixed("c", childCols)
                + " FROM "
                + Sql.table(staging, child.name())
                + " c WHERE NOT EXISTS (SELECT 1 FROM "
                + Sql.table(dataset, child.name())
                + " d WHERE d."
                + id
                + " = c."
                + id
                + ") ORDER BY c."
                + id
                + ", c."
                + Sql.quote(Ddl.SEQ));
      }
    }

    private String onConflictUpdate(List<String> cols) {
      List<String> set =
          cols.stream()
              .filter(c -> !ROW_ID.equals(c))
              .map(c -> Sql.quote(c) + " = EXCLUDED." + Sql.quote(c))
              .toList();
      return " ON CONFLICT ("
          + Sql.quote(ROW_ID)
          + ") DO "
          + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", set));
    }
  }
}
