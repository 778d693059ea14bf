package io.flowloader.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The banner's psql line for a configured server: something psql accepts, without a password. */
class DemoPsqlLineTests {

  @Test
  void turnsAJdbcUrlIntoPsqlOptions() {
    assertThat(
            DemoConfiguration.psqlCommand("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres"))
        .isEqualTo("psql -h 127.0.0.1 -p 5432 -U postgres -d postgres");
    assertThat(
            DemoConfiguration.psqlCommand(
                "jdbc:postgresql://db.example/warehouse?sslmode=require&password=x", "loader"))
        .isEqualTo("psql -h db.example -p 5432 -U loader -d warehouse");
    assertThat(DemoConfiguration.psqlCommand("jdbc:postgresql://db:6543/", "u"))
        .isEqualTo("psql -h db -p 6543 -U u -d postgres");
  }

  @Test
  void neverPrintsAJdbcUrlAsIfPsqlTookIt() {
    assertThat(DemoConfiguration.psqlCommand("jdbc:postgresql://h:1/d", "u"))
        .doesNotContain("jdbc:");
  }
}
