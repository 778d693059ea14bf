package io.flowloader;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.TestDatabase;
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

  @Test
  void flywayMigratesTheServiceSchema() {
    Integer applied =
        jdbc.queryForObject(
            "SELECT count(*) FROM flowloader.flyway_schema_history WHERE success", Integer.class);
    assertThat(applied).isPositive();
  }
}
