package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The DDL text equals what dlt sent (golden {@code sql}, whitespace runs collapsed). */
class DdlTests {

  static String collapse(String sql) {
    return sql.replaceAll("\\s+", " ").replaceAll(";$", "").trim();
  }

  static List<String> goldenSql(String name) throws IOException {
    try (InputStream in =
        DdlTests.class.getResourceAsStream("/dlt-golden/" + name + "/expected.json")) {
      JsonNode doc = JsonMapper.builder().build().readTree(in);
      List<String> sql = new ArrayList<>();
      doc.get("sql").forEach(s -> sql.add(collapse(s.get("sql").asString())));
      return sql;
    }
  }

  @Test
  void createAndAlterTableAsDlt() throws IOException {
    List<String> golden = goldenSql("v12_append_two_runs");
    TableSchema events =
        new TableSchema(
            "audit_events",
            null,
            "audit_events",
            WriteDisposition.APPEND,
            List.of(
                Column.of("id", DataType.TEXT),
                Column.of("type", DataType.TEXT),
                Column.of("occurred_at", DataType.TIMESTAMP),
                Column.of("user_id", DataType.TEXT),
                new Column("_dlt_load_id", DataType.TEXT, false, false, false),
                new Column("_dlt_id", DataType.TEXT, false, true, false),
                Column.of("data__comment", DataType.TEXT)));
    assertThat(golden).contains(collapse(Ddl.createTable("<dataset>", events)));
    assertThat(golden)
        .contains(
            collapse(
                Ddl.addColumns(
                    "<dataset>",
                    "audit_events",
                    List.of(Column.of("data__reason", DataType.TEXT)))));
    for (String system : Ddl.createSystemTables("<dataset>")) {
      assertThat(golden).contains(collapse(system));
    }
  }

  @Test
  void mergeChildTablesCarryTheRootId() throws IOException {
    List<String> golden = goldenSql("v11_merge");
    TableSchema tags =
        new TableSchema(
            "users__tags",
            "users",
            "users",
            WriteDisposition.MERGE,
            List.of(
                Column.of("value", DataType.TEXT),
                new Column("_dlt_root_id", DataType.TEXT, false, false, false),
                new Column("_dlt_parent_id", DataType.TEXT, false, false, false),
                new Column("_dlt_list_idx", DataType.BIGINT, false, false, false),
                new Column("_dlt_id", DataType.TEXT, false, true, false)));
    TableSchema users =
        new TableSchema(
            "users",
            null,
            "users",
            WriteDisposition.MERGE,
            List.of(
                new Column("id", DataType.TEXT, false, false, true),
                Column.of("first_name", DataType.TEXT),
                Column.of("email", DataType.TEXT),
                new Column("_dlt_load_id", DataType.TEXT, false, false, false),
                new Column("_dlt_id", DataType.TEXT, false, true, false)));
    assertThat(golden).contains(collapse(Ddl.createTable("<dataset>", tags)));
    assertThat(golden).contains(collapse(Ddl.createTable("<dataset>", users)));
  }

  @Test
  void stagingPreparesWhatAnAdoptingCommitWouldAdd() {
    TableSchema users =
        new TableSchema(
            "users",
            null,
            "users",
            WriteDisposition.MERGE,
            List.of(
                new Column("id", DataType.TEXT, false, false, true),
                new Column("name", DataType.TEXT, true, false, false),
                new Column("_dlt_id", DataType.TEXT, false, true, false)));
    assertThat(Ddl.prepareAdoption("stg", users))
        .isEqualTo(
            "ALTER TABLE \"stg\".\"users\" ALTER COLUMN \"id\" SET NOT NULL,"
                + " ALTER COLUMN \"_dlt_id\" SET NOT NULL, ADD UNIQUE (\"_dlt_id\")");
    assertThat(Ddl.createKeyIndex("stg", "users", List.of("id")))
        .isEqualTo("CREATE UNIQUE INDEX \"#key users\" ON \"stg\".\"users\" (\"id\")");
    TableSchema plain =
        new TableSchema(
            "t", null, "t", WriteDisposition.APPEND, List.of(Column.of("n", DataType.BIGINT)));
    assertThat(Ddl.prepareAdoption("stg", plain)).isNull();
  }

  @Test
  void uniqueConstraintNamesAreKnownOnlyWhenPostgresNeedNotTruncateThem() {
    assertThat(Ddl.uniqueConstraintName("events", "_dlt_id")).isEqualTo("events__dlt_id_key");
    String longest = "t".repeat(63 - "__dlt_id_key".length());
    assertThat(Ddl.uniqueConstraintName(longest, "_dlt_id")).hasSize(63);
    assertThat(Ddl.uniqueConstraintName(longest + "t", "_dlt_id")).isNull();
    // bytes, not characters: PostgreSQL's limit is 63 bytes
    assertThat(Ddl.uniqueConstraintName("é".repeat(26), "_dlt_id")).isNull();
  }

  @Test
  void identifiersAreAlwaysQuoted() {
    assertThat(Sql.quote("x\"; DROP TABLE y; --")).isEqualTo("\"x\"\"; DROP TABLE y; --\"");
    assertThat(Sql.table("a b", "select")).isEqualTo("\"a b\".\"select\"");
  }

  /** Hinted columns are written with the type dlt's PostgreSQL type mapper gives them. */
  @Test
  void hintedColumnTypesAsDltsTypeMapper() {
    assertThat(
            collapse(
                Ddl.columnDefinition(
                    new Column("code", DataType.TEXT, false, false, true, 12, null, null))))
        .isEqualTo("\"code\" varchar(12) NOT NULL");
    assertThat(
            collapse(
                Ddl.columnDefinition(
                    new Column("at", DataType.TIMESTAMP, true, false, false, 3, null, false))))
        .isEqualTo("\"at\" timestamp (3) without time zone");
    assertThat(
            collapse(
                Ddl.columnDefinition(
                    new Column("n", DataType.BIGINT, true, false, false, 32, null, null))))
        .isEqualTo("\"n\" integer");
    assertThat(
            collapse(
                Ddl.columnDefinition(
                    new Column("p", DataType.DECIMAL, true, false, false, 10, 2, null))))
        .isEqualTo("\"p\" numeric(10,2)");
    assertThat(collapse(Ddl.columnDefinition(Column.of("wide", DataType.DECIMAL))))
        .isEqualTo("\"wide\" numeric(156,78)");
  }
}
