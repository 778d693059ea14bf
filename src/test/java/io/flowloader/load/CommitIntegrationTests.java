package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.normalize.DataType;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.state.Cursor;
import io.flowloader.state.CursorKey;
import io.flowloader.state.CursorType;
import io.flowloader.state.StateStore;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** Staging and the one-transaction commit against a real PostgreSQL. */
class CommitIntegrationTests extends LoadTestSupport {

  @Autowired StateStore stateStore;
  @Autowired LoadPackages packages;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  // --- helpers -------------------------------------------------------------------------------

  static Schema schema(int version, TableSchema... tables) {
    Map<String, TableSchema> map = new LinkedHashMap<>();
    for (TableSchema t : tables) {
      map.put(t.name(), t);
    }
    return new Schema("boomi_flow", version, "", map);
  }

  static NormalizedRow row(String table, Object... values) {
    return new NormalizedRow(table, values);
  }

  LoadPackage load(
      String tenant,
      String dataset,
      Schema schema,
      Function<String, List<NormalizedRow>> rows,
      Map<CursorKey, Cursor> cursors) {
    return loader.commit(stage(tenant, dataset, schema, rows, cursors));
  }

  /** Stages the rows ({@code rows} gets the load id) as one package, ready to commit. */
  LoadPackage stage(
      String tenant,
      String dataset,
      Schema schema,
      Function<String, List<NormalizedRow>> rows,
      Map<CursorKey, Cursor> cursors) {
    List<String> resources =
        schema.tables().values().stream()
            .filter(TableSchema::isRoot)
            .map(TableSchema::resource)
            .toList();
    try (StagingWriter writer = loader.open(tenant, dataset, Trigger.SCHEDULE, resources)) {
      writer.write(schema, rows.apply(writer.loadId()));
      return writer.finish(schema, cursors, "[]");
    }
  }

  List<Map<String, Object>> rows(String dataset, String table, String orderBy) {
    return jdbc.queryForList("SELECT * FROM " + Sql.table(dataset, table) + " ORDER BY " + orderBy);
  }

  /**
   * A merge-style root {@code users} (primary key {@code id}) with its child {@code users__tags}.
   */
  static Schema usersWithTags(WriteDisposition disposition) {
    return schema(
        2,
        root("users", disposition, pk("id", DataType.TEXT), col("name", DataType.TEXT)),
        child("users__tags", "users", "users", disposition, col("value", DataType.TEXT)));
  }

  int count(String dataset, String table) {
    return jdbc.queryForObject("SELECT count(*) FROM " + Sql.table(dataset, table), Integer.class);
  }

  boolean schemaExists(String schema) {
    return DatasetCatalog.schemaExists(jdbc, schema);
  }

  // --- COPY ----------------------------------------------------------------------------------

  @Test
  void hostileValuesSurviveCopyVerbatim() throws Exception {
    String dataset = uniqueName("hostile");
    TableSchema t =
        root(
            "values",
            WriteDisposition.APPEND,
            col("k", DataType.BIGINT),
            col("s", DataType.TEXT),
            col("i", DataType.BIGINT),
            col("d", DataType.DOUBLE),
            col("n", DataType.DECIMAL),
            col("ts", DataType.TIMESTAMP),
            col("b", DataType.BOOL),
            col("j", DataType.JSON));
    String[] strings = {
      "tab\there",
      "new\nline",
      "carriage\rreturn",
      "back\\slash",
      "\\N",
      "\\",
      "",
      "quotes ' \" `",
      "emoji 😀 and 𝄞",
      "controls \u0001\u0002\u0008\u000b\u000c\u001b\u001f\u007f",
      "combining e\u0301 and RTL \u05e9\u05dc\u05d5\u05dd",
      "x\"; DROP TABLE y; --",
      "tail\\",
      "\\t not a tab",
    };
    Object[][] data = {
      {Long.MIN_VALUE, Double.NaN, new BigDecimal("18446744073709551616")},
      {Long.MAX_VALUE, Double.POSITIVE_INFINITY, new BigDecimal("-1E+70")},
      {0L, Double.NEGATIVE_INFINITY, new BigDecimal("0.000000000000000000000000000001")},
      {9007199254740993L, 5e-324, new BigDecimal("123456789012345678901234567890.123456789")},
      {-1L, Double.MAX_VALUE, BigDecimal.ZERO},
      {42L, 0.1, new BigDecimal("1e77")},
    };
    OffsetDateTime[] times = {
      OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
      OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC),
      OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 123_456_000, ZoneOffset.ofHours(5)),
    };
    String json =
        "{\"a\":\"t\\tb\\n\",\"n\":[1,2.5,null],\"s\":\"\\u00e9 \\\\ \\\"q\\\"\",\"e\":{}}";
    LoadPackage loaded =
        load(
            "tenant-hostile",
            dataset,
            schema(2, t),
            loadId -> {
              List<NormalizedRow> rows = new ArrayList<>();
              for (int k = 0; k < strings.length; k++) {
                Object[] d = data[k % data.length];
                rows.add(
                    row(
                        "values",
                        (long) k,
                        strings[k],
                        d[0],
                        d[1],
                        d[2],
                        times[k % times.length],
                        k % 2 == 0,
                        json,
                        loadId,
                        "id" + k));
              }
              // NULL everywhere (and a shorter row: trailing values are NULL)
              rows.add(row("values", 100L, null, null, null, null, null, null, null, loadId, "n1"));
              return rows;
            },
            Map.of());
    assertThat(loaded.status()).isEqualTo(PackageStatus.LOADED);

    List<Map<String, Object>> got = rows(dataset, "values", "k");
    assertThat(got).hasSize(strings.length + 1);
    for (int k = 0; k < strings.length; k++) {
      Map<String, Object> r = got.get(k);
      Object[] d = data[k % data.length];
      assertThat(r.get("s")).as("string %d", k).isEqualTo(strings[k]);
      assertThat(r.get("i")).isEqualTo(d[0]);
      assertThat((Double) r.get("d")).isEqualTo((Double) d[1]);
      assertThat((BigDecimal) r.get("n")).isEqualByComparingTo((BigDecimal) d[2]);
      assertThat(
              jdbc.queryForObject(
                      "SELECT ts FROM " + Sql.table(dataset, "values") + " WHERE k = ?",
                      OffsetDateTime.class,
                      (long) k)
                  .toInstant())
          .isEqualTo(times[k % times.length].toInstant());
      assertThat(r.get("b")).isEqualTo(k % 2 == 0);
      assertThat(JSON.readTree(r.get("j").toString())).isEqualTo(JSON.readTree(json));
    }
    // empty string and NULL stay distinct; "\N" as a value is text, not NULL
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM " + Sql.table(dataset, "values") + " WHERE s = ''",
                Integer.class))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM " + Sql.table(dataset, "values") + " WHERE s = '\\N'",
                Integer.class))
        .isEqualTo(1);
    for (Map<String, Object> r : got.subList(strings.length, got.size())) {
      assertThat(
              Arrays.asList(
                  r.get("s"),
                  r.get("i"),
                  r.get("d"),
                  r.get("n"),
                  r.get("ts"),
                  r.get("b"),
                  r.get("j")))
          .containsOnlyNulls();
    }
  }

  @Test
  void nulCharactersBecomeReplacementCharacters() {
    String dataset = uniqueName("nul");
    TableSchema t = root("t", WriteDisposition.APPEND, col("s", DataType.TEXT));
    load(
        "tenant-nul",
        dataset,
        schema(2, t),
        id -> List.of(row("t", "a\u0000b", id, "x")),
        Map.of());
    assertThat(rows(dataset, "t", "s").get(0).get("s")).isEqualTo("a\uFFFDb");
  }

  // --- schema evolution and bounded staging ----------------------------------------------------

  /** An append table {@code events}, and the same after it gained the column {@code late}. */
  static final TableSchema EVENTS =
      root("events", WriteDisposition.APPEND, col("n", DataType.BIGINT));

  static final TableSchema EVENTS_WITH_LATE =
      new TableSchema(
          "events",
          null,
          "events",
          WriteDisposition.APPEND,
          concat(EVENTS.columns(), List.of(col("late", DataType.TEXT))));

  @Test
  void stagingTablesGainColumnsMidLoadAndFlushInBatches() {
    String dataset = uniqueName("evolve");
    TableSchema v1 = EVENTS;
    TableSchema v2 = EVENTS_WITH_LATE;
    int rows = 30_000;
    String padding = "p".repeat(100);
    try (StagingWriter writer =
        loader.open("tenant-evolve", dataset, Trigger.MANUAL, List.of("events"))) {
      for (int i = 0; i < rows; i++) {
        boolean late = i >= rows / 2;
        TableSchema table = late ? v2 : v1;
        // late rows with an odd number were produced before the column existed: shorter rows
        Object[] values =
            late && i % 2 == 0
                ? new Object[] {(long) i, writer.loadId(), "id" + i, padding + i}
                : new Object[] {(long) i, writer.loadId(), "id" + i};
        writer.write(table, new NormalizedRow("events", values));
      }
      assertThat(writer.rowCounts()).containsEntry("events", (long) rows);
      LoadPackage loaded = loader.commit(writer.finish(schema(3, v2), Map.of(), null));
      assertThat(loaded.jobs())
          .singleElement()
          .satisfies(j -> assertThat(j.rows()).isEqualTo(rows));
    }
    assertThat(count(dataset, "events")).isEqualTo(rows);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(late) FROM " + Sql.table(dataset, "events"), Integer.class))
        .isEqualTo(rows / 4);
    assertThat(
            jdbc.queryForObject(
                "SELECT late FROM " + Sql.table(dataset, "events") + " WHERE n = ?",
                String.class,
                (long) rows - 2))
        .isEqualTo(padding + (rows - 2));
    // the dataset table gained the column by ALTER TABLE on a second load
    TableSchema v3 =
        new TableSchema(
            "events",
            null,
            "events",
            WriteDisposition.APPEND,
            concat(v2.columns(), List.of(col("later", DataType.BOOL))));
    load(
        "tenant-evolve",
        dataset,
        schema(4, v3),
        id -> List.of(row("events", -1L, id, "new", null, true)),
        Map.of());
    assertThat(
            jdbc.queryForObject(
                "SELECT later FROM " + Sql.table(dataset, "events") + " WHERE n = -1",
                Boolean.class))
        .isTrue();
    assertThat(
            jdbc.queryForList(
                "SELECT version FROM " + Sql.table(dataset, "_dlt_version") + " ORDER BY version",
                Long.class))
        .containsExactly(3L, 4L);
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // --- dispositions --------------------------------------------------------------------------

  @Test
  void replaceSwapsRootAndChildTablesTogether() {
    String dataset = uniqueName("replace");
    TableSchema root = root("flows", WriteDisposition.REPLACE, col("name", DataType.TEXT));
    TableSchema tags =
        child(
            "flows__tags", "flows", "flows", WriteDisposition.REPLACE, col("value", DataType.TEXT));
    Schema s = schema(2, root, tags);
    load(
        "tenant-replace",
        dataset,
        s,
        id ->
            List.of(
                row("flows", "one", id, "r1"),
                row("flows__tags", "a", "r1", 0L, "c1"),
                row("flows__tags", "b", "r1", 1L, "c2"),
                row("flows", "two", id, "r2")),
        Map.of());
    assertThat(count(dataset, "flows")).isEqualTo(2);
    assertThat(count(dataset, "flows__tags")).isEqualTo(2);

    load("tenant-replace", dataset, s, id -> List.of(row("flows", "three", id, "r3")), Map.of());
    assertThat(rows(dataset, "flows", "name"))
        .extracting(r -> r.get("name"))
        .containsExactly("three");
    assertThat(count(dataset, "flows__tags")).isZero();

    // a covered resource that yields no rows replaces with nothing
    load("tenant-replace", dataset, s, id -> List.of(), Map.of());
    assertThat(count(dataset, "flows")).isZero();
  }

  @Test
  void mergeDeletesAndInsertsByPrimaryKeyKeepingTheLastStagedRowAndItsChildren() {
    String dataset = uniqueName("merge");
    Schema s = usersWithTags(WriteDisposition.MERGE);
    load(
        "tenant-merge",
        dataset,
        s,
        id ->
            List.of(
                row("users", "a", "A1", id, "ra1"),
                row("users__tags", "x", "ra1", "ra1", 0L, "ta1"),
                row("users__tags", "y", "ra1", "ra1", 1L, "ta2"),
                row("users", "b", "B1", id, "rb1"),
                row("users__tags", "z", "rb1", "rb1", 0L, "tb1")),
        Map.of());

    LoadPackage second =
        load(
            "tenant-merge",
            dataset,
            s,
            id ->
                List.of(
                    row("users", "a", "A2", id, "ra2"),
                    row("users__tags", "p", "ra2", "ra2", 0L, "ta3"),
                    row("users", "a", "A3", id, "ra3"),
                    row("users__tags", "q", "ra3", "ra3", 0L, "ta4"),
                    row("users__tags", "r", "ra3", "ra3", 1L, "ta5"),
                    row("users", "c", "C1", id, "rc1")),
            Map.of());

    assertThat(rows(dataset, "users", "id"))
        .extracting(r -> r.get("id") + "=" + r.get("name") + "@" + r.get("_dlt_id"))
        .containsExactly("a=A3@ra3", "b=B1@rb1", "c=C1@rc1");
    assertThat(rows(dataset, "users__tags", "_dlt_id"))
        .extracting(r -> r.get("_dlt_root_id") + ":" + r.get("value"))
        .containsExactly("ra3:q", "ra3:r", "rb1:z");
    assertThat(
            jdbc.queryForObject(
                "SELECT _dlt_load_id FROM " + Sql.table(dataset, "users") + " WHERE id = 'a'",
                String.class))
        .isEqualTo(second.loadId());
  }

  @Test
  void mergeWithEachKeyStagedOnceReplacesTheTreesOfStagedKeysOnly() {
    String dataset = uniqueName("merge_once");
    Schema s = usersWithTags(WriteDisposition.MERGE);
    load(
        "tenant-merge-once",
        dataset,
        s,
        id ->
            List.of(
                row("users", "a", "A1", id, "ra1"),
                row("users__tags", "x", "ra1", "ra1", 0L, "ta1"),
                row("users", "b", "B1", id, "rb1"),
                row("users__tags", "z", "rb1", "rb1", 0L, "tb1")),
        Map.of());
    load(
        "tenant-merge-once",
        dataset,
        s,
        id ->
            List.of(
                row("users", "a", "A2", id, "ra2"),
                row("users__tags", "p", "ra2", "ra2", 0L, "ta2"),
                row("users__tags", "q", "ra2", "ra2", 1L, "ta3"),
                row("users", "c", "C1", id, "rc1")),
        Map.of());

    assertThat(rows(dataset, "users", "id"))
        .extracting(r -> r.get("id") + "=" + r.get("name") + "@" + r.get("_dlt_id"))
        .containsExactly("a=A2@ra2", "b=B1@rb1", "c=C1@rc1");
    assertThat(rows(dataset, "users__tags", "_dlt_id"))
        .extracting(r -> r.get("_dlt_root_id") + ":" + r.get("value"))
        .containsExactly("ra2:p", "ra2:q", "rb1:z");
  }

  @Test
  void tablesFilledInTheirFirstCommitGetDltsUniqueConstraints() {
    String dataset = uniqueName("unique");
    TableSchema events = root("events", WriteDisposition.APPEND, col("n", DataType.BIGINT));
    TableSchema users =
        root("users", WriteDisposition.UPSERT, pk("id", DataType.TEXT), col("name", DataType.TEXT));
    load(
        "tenant-unique",
        dataset,
        schema(2, events, users),
        id -> List.of(row("events", 1L, id, "e1"), row("users", "a", "A", id, "hA")),
        Map.of());

    assertThat(
            jdbc.queryForList(
                "SELECT conrelid::regclass::text || ' ' || conname || ' ' ||"
                    + " pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE connamespace = ?::regnamespace ORDER BY conname",
                String.class,
                Sql.quote(dataset)))
        .containsExactly(
            dataset + "._dlt_pipeline_state _dlt_pipeline_state__dlt_id_key UNIQUE (_dlt_id)",
            dataset + ".events events__dlt_id_key UNIQUE (_dlt_id)",
            dataset + ".users users__dlt_id_key UNIQUE (_dlt_id)");
    // A duplicate _dlt_id fails the commit as an inline constraint would, and rolls it back.
    assertThatThrownBy(
            () ->
                load(
                    "tenant-unique",
                    dataset,
                    schema(2, events, users),
                    id -> List.of(row("events", 2L, id, "e1")),
                    Map.of()))
        .isInstanceOf(LoadException.class)
        .hasMessageContaining("events__dlt_id_key");
    assertThat(count(dataset, "events")).isEqualTo(1);
  }

  // --- adoption of staging tables ------------------------------------------------------------

  /** The catalog's view of a table: its visible columns, constraints and persistence. */
  List<String> shape(String schema, String table) {
    List<String> shape =
        new ArrayList<>(
            jdbc.queryForList(
                "SELECT ordinal_position || ' ' || column_name || ' ' || data_type || ' '"
                    + " || coalesce(character_maximum_length::text, '-') || ' ' || is_nullable"
                    + " || ' ' || coalesce(column_default, '-') FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                String.class,
                schema,
                table));
    shape.addAll(
        jdbc.queryForList(
            "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = to_regclass(?) ORDER BY conname",
            String.class,
            Sql.table(schema, table)));
    shape.addAll(
        jdbc.queryForList(
            "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ?"
                + " ORDER BY indexname",
            String.class,
            schema,
            table));
    shape.addAll(
        jdbc.queryForList(
            "SELECT relpersistence::text || ' ' || relkind::text FROM pg_class WHERE oid = to_regclass(?)",
            String.class,
            Sql.table(schema, table)));
    return shape;
  }

  Long oid(String schema, String table) {
    return jdbc.queryForObject(
        "SELECT to_regclass(?)::oid::bigint", Long.class, Sql.table(schema, table));
  }

  /**
   * The {@link #shape} {@code CREATE TABLE} gives each of {@code tables} in a fresh schema, after
   * {@code otherTables} (names) were created there; the schema is dropped again.
   */
  Map<String, List<String>> createdShapes(List<TableSchema> tables, String... otherTables) {
    String reference = uniqueName("reference");
    jdbc.execute("CREATE SCHEMA " + Sql.quote(reference));
    try {
      for (String other : otherTables) {
        jdbc.execute("CREATE TABLE " + Sql.table(reference, other) + " (x int)");
      }
      Map<String, List<String>> shapes = new LinkedHashMap<>();
      for (TableSchema t : tables) {
        jdbc.execute(Ddl.createTable(reference, t));
        shapes.put(t.name(), shape(reference, t.name()));
      }
      return shapes;
    } finally {
      jdbc.execute("DROP SCHEMA " + Sql.quote(reference) + " CASCADE");
    }
  }

  /** The indexes of a table: name, and the oid that tells a moved index from a rebuilt one. */
  List<String> indexes(String schema, String table) {
    return jdbc.queryForList(
        "SELECT i.relname || ' ' || i.oid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            + " WHERE x.indrelid = to_regclass(?) ORDER BY i.relname",
        String.class,
        Sql.table(schema, table));
  }

  @Test
  void aFirstLoadAdoptsItsStagingTablesAsTablesLikeCreateTableMakes() {
    String dataset = uniqueName("adopt");
    Schema s = usersWithTags(WriteDisposition.MERGE);
    LoadPackage staged =
        stage(
            "tenant-adopt",
            dataset,
            s,
            id ->
                List.of(
                    row("users", "a", "A1", id, "ra1"),
                    row("users__tags", "x", "ra1", "ra1", 0L, "ta1"),
                    row("users__tags", "y", "ra1", "ra1", 1L, "ta2"),
                    row("users", "b", null, id, "rb1")),
            Map.of());
    Long usersOid = oid(staged.stagingSchema(), "users");
    Long tagsOid = oid(staged.stagingSchema(), "users__tags");
    assertThat(usersOid).isNotNull();
    // staging already built the unique constraints, and the index proving each key came once
    List<String> usersIndexes = indexes(staged.stagingSchema(), "users");
    List<String> tagsIndexes = indexes(staged.stagingSchema(), "users__tags");
    assertThat(usersIndexes)
        .hasSize(2)
        .anySatisfy(i -> assertThat(i).startsWith("#key users "))
        .anySatisfy(i -> assertThat(i).startsWith("users__dlt_id_key "));
    assertThat(tagsIndexes).singleElement().asString().startsWith("users__tags__dlt_id_key ");
    loader.commit(staged);

    // the staged tables themselves became the dataset's tables, with the indexes built in
    // staging (same oids) but for the key proof ...
    assertThat(oid(dataset, "users")).isEqualTo(usersOid);
    assertThat(oid(dataset, "users__tags")).isEqualTo(tagsOid);
    assertThat(indexes(dataset, "users"))
        .containsExactlyElementsOf(
            usersIndexes.stream().filter(i -> !i.startsWith("#key")).toList());
    assertThat(indexes(dataset, "users__tags")).isEqualTo(tagsIndexes);
    // (the staging schema got an empty UNLOGGED table in its place, for the next load)
    assertThat(oid(staged.stagingSchema(), "users")).isNotEqualTo(usersOid);
    assertThat(rowsIn(staged.stagingSchema())).isZero();
    // ... and look exactly like the tables CREATE TABLE makes (columns 1..n, types, NOT NULL,
    // dlt's UNIQUE constraint names, logged)
    Map<String, List<String>> created = createdShapes(List.copyOf(s.tables().values()));
    for (TableSchema t : s.tables().values()) {
      assertThat(shape(dataset, t.name()))
          .as(t.name())
          .isEqualTo(created.get(t.name()))
          .anySatisfy(line -> assertThat(line).contains("UNIQUE (_dlt_id)"))
          .anySatisfy(line -> assertThat(line).startsWith("1 "));
    }
    assertThat(rows(dataset, "users__tags", "_dlt_id"))
        .extracting(r -> r.get("_dlt_root_id") + ":" + r.get("value"))
        .containsExactly("ra1:x", "ra1:y");

    // the next load copies into them as usual (the tables exist now)
    load(
        "tenant-adopt",
        dataset,
        s,
        id ->
            List.of(
                row("users", "a", "A2", id, "ra2"),
                row("users__tags", "z", "ra2", "ra2", 0L, "ta3")),
        Map.of());
    assertThat(oid(dataset, "users")).isEqualTo(usersOid);
    assertThat(rows(dataset, "users", "id"))
        .extracting(r -> r.get("id") + "=" + r.get("name") + "@" + r.get("_dlt_id"))
        .containsExactly("a=A2@ra2", "b=null@rb1");
    assertThat(rows(dataset, "users__tags", "_dlt_id"))
        .extracting(r -> r.get("_dlt_root_id") + ":" + r.get("value"))
        .containsExactly("ra2:z");
  }

  @Test
  void aStagingTableThatGainedColumnsMidLoadIsAdoptedWithTheColumnsInSchemaOrder() {
    String dataset = uniqueName("adopt_evolved");
    TableSchema v1 = EVENTS;
    TableSchema v2 = EVENTS_WITH_LATE;
    LoadPackage staged;
    try (StagingWriter writer =
        loader.open("tenant-adopt-evolved", dataset, Trigger.MANUAL, List.of("events"))) {
      String id = writer.loadId();
      writer.write(v1, row("events", 1L, id, "e1"));
      writer.write(v2, row("events", 2L, id, "e2", "later"));
      staged = writer.finish(schema(2, v2), Map.of(), "[]");
    }
    Long oid = oid(staged.stagingSchema(), "events");
    loader.commit(staged);
    assertThat(oid(dataset, "events")).isEqualTo(oid);
    assertThat(
            jdbc.queryForList(
                "SELECT column_name || ' ' || is_nullable FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = 'events' ORDER BY ordinal_position",
                String.class,
                dataset))
        .containsExactly("n YES", "_dlt_load_id NO", "_dlt_id NO", "late YES");
    assertThat(rows(dataset, "events", "n"))
        .extracting(r -> r.get("n") + ":" + r.get("late"))
        .containsExactly("1:null", "2:later");
  }

  @Test
  void aConstraintBuiltInStagingUnderANameTheDatasetHasIsBuiltAgainUnderPostgresChoice() {
    String dataset = uniqueName("adopt_clash");
    // a relation of the dataset already has the name PostgreSQL would give events' constraint
    jdbc.execute("CREATE SCHEMA " + Sql.quote(dataset));
    jdbc.execute("CREATE TABLE " + Sql.table(dataset, "events__dlt_id_key") + " (x int)");
    Schema s = schema(2, EVENTS);
    LoadPackage staged =
        stage(
            "tenant-adopt-clash",
            dataset,
            s,
            id -> List.of(row("events", 1L, id, "e1"), row("events", 2L, id, "e2")),
            Map.of());
    assertThat(indexes(staged.stagingSchema(), "events"))
        .singleElement()
        .asString()
        .startsWith("events__dlt_id_key ");
    Long oid = oid(staged.stagingSchema(), "events");
    loader.commit(staged);

    assertThat(oid(dataset, "events")).isEqualTo(oid);
    assertThat(shape(dataset, "events"))
        .isEqualTo(createdShapes(List.of(EVENTS), "events__dlt_id_key").get("events"))
        .contains("events__dlt_id_key1 UNIQUE (_dlt_id)");
    assertThat(count(dataset, "events")).isEqualTo(2);
  }

  @Test
  void stagingTablesThatCannotBeAdoptedAreCopiedIntoNewTables() {
    String dataset = uniqueName("adopt_not");
    // a key staged twice: the merge must pick the last row, so the root is copied, not adopted
    Schema s = usersWithTags(WriteDisposition.MERGE);
    LoadPackage staged =
        stage(
            "tenant-adopt-not",
            dataset,
            s,
            id ->
                List.of(
                    row("users", "a", "A1", id, "ra1"),
                    row("users__tags", "x", "ra1", "ra1", 0L, "ta1"),
                    row("users", "a", "A2", id, "ra2")),
            Map.of());
    Long usersOid = oid(staged.stagingSchema(), "users");
    // the key index could not be built: the commit finds the twice-staged key itself
    assertThat(indexes(staged.stagingSchema(), "users")).noneMatch(i -> i.startsWith("#key"));
    loader.commit(staged);
    assertThat(oid(dataset, "users")).isNotEqualTo(usersOid);
    assertThat(rows(dataset, "users", "id"))
        .extracting(r -> r.get("id") + "=" + r.get("name"))
        .containsExactly("a=A2");
    assertThat(count(dataset, "users__tags")).isZero();
    assertThat(shape(dataset, "users"))
        .anySatisfy(l -> assertThat(l).startsWith("1 id character varying"));
  }

  @Test
  void aNullInANotNullColumnFailsTheAdoptingCommitAndLeavesNoTable() {
    String dataset = uniqueName("adopt_null");
    TableSchema events = root("events", WriteDisposition.APPEND, col("n", DataType.BIGINT));
    Schema s = schema(2, events);
    // _dlt_id is NOT NULL
    LoadPackage staged =
        stage(
            "tenant-adopt-null",
            dataset,
            s,
            id -> List.of(row("events", 1L, id, "e1"), row("events", 2L, id, null)),
            Map.of());
    assertThatThrownBy(() -> loader.commit(staged))
        .isInstanceOf(LoadException.class)
        .hasMessageContaining("_dlt_id");
    assertThat(oid(dataset, "events")).isNull();
    assertThat(packages.find(staged.id()).orElseThrow().status()).isEqualTo(PackageStatus.FAILED);
  }

  @Test
  void upsertUpdatesByKeyHashIdsAndRemovesOrphanedChildren() {
    String dataset = uniqueName("upsert");
    Schema s = usersWithTags(WriteDisposition.UPSERT);
    // Key-hash ids: the same key always has the same root id, children follow from it.
    load(
        "tenant-upsert",
        dataset,
        s,
        id ->
            List.of(
                row("users", "a", "A1", id, "hA"),
                row("users__tags", "x", "hA", "hA", 0L, "hA0"),
                row("users__tags", "y", "hA", "hA", 1L, "hA1"),
                row("users", "b", "B1", id, "hB"),
                row("users__tags", "z", "hB", "hB", 0L, "hB0")),
        Map.of());

    load(
        "tenant-upsert",
        dataset,
        s,
        id ->
            List.of(
                row("users", "a", "A2", id, "hA"),
                row("users__tags", "p", "hA", "hA", 0L, "hA0"),
                row("users__tags", "p2", "hA", "hA", 1L, "hA1"),
                row("users", "a", "A3", id, "hA"),
                row("users__tags", "q", "hA", "hA", 0L, "hA0"),
                row("users", "c", "C1", id, "hC")),
        Map.of());

    assertThat(rows(dataset, "users", "id"))
        .extracting(r -> r.get("id") + "=" + r.get("name") + "@" + r.get("_dlt_id"))
        .containsExactly("a=A3@hA", "b=B1@hB", "c=C1@hC");
    assertThat(rows(dataset, "users__tags", "_dlt_id"))
        .extracting(r -> r.get("_dlt_id") + ":" + r.get("value"))
        .containsExactly("hA0:q", "hB0:z");
  }

  // --- atomicity -----------------------------------------------------------------------------

  @Test
  void aFailingCommitLeavesDatasetCursorsAndStagingClean() {
    String dataset = uniqueName("rollback");
    String tenant = uniqueName("tenant-rollback");
    TableSchema users =
        root("users", WriteDisposition.MERGE, pk("id", DataType.TEXT), col("name", DataType.TEXT));
    TableSchema tags =
        child("users__tags", "users", "users", WriteDisposition.MERGE, col("value", DataType.TEXT));
    CursorKey key = CursorKey.of("users");
    Cursor first =
        new Cursor("modified", CursorType.TIMESTAMP, "2025-01-01T00:00:00Z", List.of("a"));
    load(
        tenant,
        dataset,
        schema(2, users, tags),
        id ->
            List.of(
                row("users", "a", "A1", id, "ra1"),
                row("users__tags", "x", "ra1", "ra1", 0L, "ta1")),
        Map.of(key, first));
    DatasetSnapshot before = DatasetSnapshot.read(jdbc, dataset);

    // Second load: a new column (DDL), a merge that deletes "a" and its children, a cursor
    // advance — and a root whose primary key is NULL, which violates NOT NULL at the very end.
    TableSchema users2 =
        new TableSchema(
            "users",
            null,
            "users",
            WriteDisposition.MERGE,
            concat(users.columns(), List.of(col("email", DataType.TEXT))));
    Cursor second = new Cursor("modified", CursorType.TIMESTAMP, "2025-02-01T00:00:00Z", List.of());
    LoadPackage staged;
    try (StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("users"))) {
      writer.write(users2, row("users", "a", "A2", writer.loadId(), "ra2", "a@x"));
      writer.write(users2, row("users", null, "nobody", writer.loadId(), "rn", null));
      staged = writer.finish(schema(3, users2, tags), Map.of(key, second), null);
    }
    LoadPackage failed = staged;
    assertThatThrownBy(() -> loader.commit(failed))
        .isInstanceOf(LoadException.class)
        .hasMessageContaining(failed.loadId());

    assertThat(DatasetSnapshot.read(jdbc, dataset)).isEqualTo(before);
    assertThat(stateStore.load(tenant)).containsExactly(Map.entry(key, first));
    LoadPackage after = packages.find(staged.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(PackageStatus.FAILED);
    assertThat(after.error()).contains("null value");
    assertThat(schemaExists(staged.stagingSchema())).isFalse();
  }

  // --- concurrency ---------------------------------------------------------------------------

  @Test
  void loadsOfDifferentTenantsCommitConcurrently() throws Exception {
    String datasetA = uniqueName("conc_a");
    String datasetB = uniqueName("conc_b");
    String shared = uniqueName("conc_shared");
    TableSchema t =
        root(
            "items",
            WriteDisposition.APPEND,
            col("tenant", DataType.TEXT),
            col("n", DataType.BIGINT));
    Schema s = schema(2, t);
    int n = 5_000;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<LoadPackage>> futures = new ArrayList<>();
    for (String[] job :
        new String[][] {
          {"tenant-a", datasetA}, {"tenant-b", datasetB}, {"tenant-c", shared}, {"tenant-d", shared}
        }) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return load(
                    job[0],
                    job[1],
                    s,
                    id -> {
                      List<NormalizedRow> rows = new ArrayList<>();
                      for (int i = 0; i < n; i++) {
                        rows.add(row("items", job[0], (long) i, id, job[0] + "-" + i));
                      }
                      return rows;
                    },
                    Map.of());
              }));
    }
    start.countDown();
    for (CompletableFuture<LoadPackage> f : futures) {
      assertThat(f.get().status()).isEqualTo(PackageStatus.LOADED);
    }
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT tenant FROM " + Sql.table(datasetA, "items"), String.class))
        .containsExactly("tenant-a");
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT tenant FROM " + Sql.table(datasetB, "items"), String.class))
        .containsExactly("tenant-b");
    assertThat(count(datasetA, "items")).isEqualTo(n);
    assertThat(count(datasetB, "items")).isEqualTo(n);
    assertThat(count(shared, "items")).isEqualTo(2 * n);
    assertThat(count(shared, "_dlt_loads")).isEqualTo(2);
  }
}
