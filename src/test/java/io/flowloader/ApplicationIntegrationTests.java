package io.flowloader;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flowloader.support.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts against a real PostgreSQL and Flyway creates its own schema. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ApplicationIntegrationTests {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;

  @Test
  void flywayMigratesTheServiceSchema() {
    Integer applied =
        jdbc.queryForObject(
            "SELECT count(*) FROM flowloader.flyway_schema_history WHERE success", Integer.class);
    assertThat(applied).isPositive();
  }

  @Test
  void theConnectionPoolIsSizedFromTheLoadPermits() {
    // Nothing sets the pool here: 8 permits (the default) x 3 connections + 4 spare.
    assertThat(((HikariDataSource) dataSource).getMaximumPoolSize()).isEqualTo(28);
  }
}
