package io.flowloader.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V22's index on load ids, on a fresh database and on one where two replicas already minted the
 * same load id (which must not stop the migration, and so every replica's start).
 */
class LoadIdIndexMigrationIntegrationTests {

  @Test
  void theLoadIdIndexIsUniqueUnlessTheHistoryAlreadyHasADuplicate() throws SQLException {
    assertThat(loadIdIndexAfterMigrating(false)).isEqualTo("unique");
    assertThat(loadIdIndexAfterMigrating(true)).isEqualTo("plain");
  }

  /** Migrates a scratch database to V21, optionally adds a duplicate load id, then to the end. */
  private static String loadIdIndexAfterMigrating(boolean duplicate) throws SQLException {
    TestDatabase db = TestDatabase.get();
    String scratch = "it_v22_" + Long.toHexString(System.nanoTime());
    String url = TestDatabase.withDatabase(db.jdbcUrl(), scratch);
    execute(db.jdbcUrl(), db, "CREATE DATABASE " + scratch);
    try {
      flyway(url, db).target("21").load().migrate();
      if (duplicate) {
        for (String tenant : new String[] {"replica-a", "replica-b"}) {
          execute(
              url,
              db,
              "INSERT INTO flowloader.load_package (load_id, tenant, dataset, trigger, status,"
                  + " started_at) VALUES ('1795861517.471872', '"
                  + tenant
                  + "', 'ds', 'schedule', 'loaded', now())");
        }
      }
      flyway(url, db).load().migrate();
      try (Connection c = DriverManager.getConnection(url, db.username(), db.password());
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT x.indisunique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                      + " WHERE i.relname = 'load_package_load_id_idx'")) {
        assertThat(rs.next()).as("the index exists").isTrue();
        return rs.getBoolean(1) ? "unique" : "plain";
      }
    } finally {
      execute(db.jdbcUrl(), db, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
    }
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      String url, TestDatabase db) {
    return Flyway.configure()
        .dataSource(url, db.username(), db.password())
        .schemas("flowloader")
        .defaultSchema("flowloader");
  }

  private static void execute(String url, TestDatabase db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, db.username(), db.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
