package io.flowloader.load;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.support.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Shared Spring context (real PostgreSQL) and small builders for load, pkg and state tests. One
 * context for all of them keeps the number of connection pools (and PostgreSQL clients) low.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class LoadTestSupport {

  @DynamicPropertySource
  protected static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
  }

  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected Loader loader;

  /**
   * Rows in the tables of a staging schema (0 when it does not exist): staging schemas are reused,
   * so after a commit they stay, empty.
   */
  protected long rowsIn(String stagingSchema) {
    long rows = 0;
    for (String table : DatasetCatalog.tableNames(jdbc, stagingSchema)) {
      Long n =
          jdbc.queryForObject(
              "SELECT count(*) FROM " + Sql.table(stagingSchema, table), Long.class);
      rows += n == null ? 0 : n;
    }
    return rows;
  }

  protected static String uniqueName(String prefix) {
    return prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  /**
   * A root table: data columns, then {@code _dlt_load_id}, {@code _dlt_id}
   * (docs/dlt-compatibility.md, "Column order").
   */
  static TableSchema root(String name, WriteDisposition disposition, Column... data) {
    List<Column> cols = new ArrayList<>(List.of(data));
    cols.add(new Column("_dlt_load_id", DataType.TEXT, false, false, false));
    cols.add(new Column("_dlt_id", DataType.TEXT, false, true, false));
    return new TableSchema(name, null, name, disposition, cols);
  }

  /**
   * A child table: data, ({@code _dlt_root_id}), {@code _dlt_parent_id}, index, {@code _dlt_id}.
   */
  static TableSchema child(
      String name, String parent, String resource, WriteDisposition disposition, Column... data) {
    List<Column> cols = new ArrayList<>(List.of(data));
    if (disposition.carriesRootId()) {
      cols.add(new Column("_dlt_root_id", DataType.TEXT, false, false, false));
    }
    cols.add(new Column("_dlt_parent_id", DataType.TEXT, false, false, false));
    cols.add(new Column("_dlt_list_idx", DataType.BIGINT, false, false, false));
    cols.add(new Column("_dlt_id", DataType.TEXT, false, true, false));
    return new TableSchema(name, parent, resource, disposition, cols);
  }

  static Column pk(String name, DataType type) {
    return new Column(name, type, false, false, true);
  }

  static Column col(String name, DataType type) {
    return Column.of(name, type);
  }

  /** Column name → type as {@code format_type} spells it, in column order. */
  protected Map<String, String> columnTypes(String dataset, String table) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbc.query(
        "SELECT c.column_name, format_type(a.atttypid, a.atttypmod) FROM information_schema.columns c"
            + " JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.'"
            + " || quote_ident(c.table_name))::regclass AND a.attname = c.column_name"
            + " WHERE c.table_schema = ? AND c.table_name = ? ORDER BY c.ordinal_position",
        rs -> {
          out.put(rs.getString(1), rs.getString(2));
        },
        dataset,
        table);
    return out;
  }
}
