package io.flowloader.support.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PostgreSQL reader of the golden support reports what the comparator expects. */
class PostgresSnapshotIT {

  @Test
  void readsColumnsTypesAndRows() throws Exception {
    try (Connection c = TestDatabase.get().connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS golden_probe CASCADE");
      st.execute("CREATE SCHEMA golden_probe");
      st.execute(
          "CREATE TABLE golden_probe.t (\"value\" varchar, \"n\" numeric(156,78), \"at\" timestamp"
              + " with time zone, \"j\" jsonb, \"_dlt_id\" varchar UNIQUE NOT NULL)");
      st.execute(
          "INSERT INTO golden_probe.t VALUES ('x', 18446744073709551616,"
              + " '2025-01-01T10:00:00.123456Z', '{\"a\": 1}', 'id1')");
      Map<String, ActualTable> tables =
          PostgresSnapshot.read(c, "golden_probe", Map.of("t", "root"), name -> true);
      ActualTable t = tables.get("t");
      assertThat(t.parent()).isEqualTo("root");
      assertThat(t.columns())
          .containsExactly(
              new ExpectedTable.Column("value", "character varying", true),
              new ExpectedTable.Column("n", "numeric(156,78)", true),
              new ExpectedTable.Column("at", "timestamp with time zone", true),
              new ExpectedTable.Column("j", "jsonb", true),
              new ExpectedTable.Column("_dlt_id", "character varying", false));
      Map<String, Object> row = t.rows().get(0);
      assertThat(row.get("value")).isEqualTo("x");
      assertThat(((OffsetDateTime) row.get("at")).toInstant())
          .isEqualTo(OffsetDateTime.parse("2025-01-01T10:00:00.123456Z").toInstant());
      assertThat(row.get("j")).isEqualTo("{\"a\": 1}");
      st.execute("DROP SCHEMA golden_probe CASCADE");
    }
  }
}
