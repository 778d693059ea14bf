package io.flowloader.demo;

import io.boomiflow.simulator.SimulatorServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The {@code demo} profile: the simulator in-process, an embedded PostgreSQL when no database is
 * configured, and a banner saying where to look. The only place besides the main class that knows
 * both the loader and the simulator.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

  @Bean(destroyMethod = "close")
  SimulatorServer demoSimulator(@Value("${flowloader.demo.simulator-port}") int port) {
    return SimulatorServer.start(Map.of("server.port", port));
  }

  @Bean(destroyMethod = "close")
  DemoDatabase demoDatabase(DataSourceProperties properties) {
    if (properties.getUrl() != null && !properties.getUrl().isBlank()) {
      return new DemoDatabase(null, properties.initializeDataSourceBuilder().build());
    }
    if ("root".equals(System.getProperty("user.name"))) {
      throw new EmbeddedDatabaseAsRootException();
    }
    try {
      Path dir = Files.createTempDirectory("flowloader-demo-pg");
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).start();
      log.info("demo: embedded PostgreSQL 17 on port {} (data in {})", pg.getPort(), dir);
      // Through the same connection pool as a configured server (and the image's CDS training
      // run, which uses this profile, archives the pool's classes too).
      DataSource pooled =
          DataSourceBuilder.create()
              .url(pg.getJdbcUrl("postgres", "postgres"))
              .username("postgres")
              .build();
      return new DemoDatabase(pg, pooled);
    } catch (IOException e) {
      throw new IllegalStateException("demo: cannot start the embedded PostgreSQL: " + e, e);
    }
  }

  @Bean
  DataSource dataSource(DemoDatabase database) {
    return database.dataSource();
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> demoBanner(
      Environment env, DemoDatabase database, SimulatorServer simulator) {
    return event -> {
      String api = "http://127.0.0.1:" + env.getProperty("local.server.port", "8080");
      String mgmt = "http://127.0.0.1:" + env.getProperty("local.management.port", "8081");
      String psql =
          database.embedded() == null
              ? psqlCommand(
                  env.getProperty("spring.datasource.url"),
                  env.getProperty("spring.datasource.username", "postgres"))
              : "psql -h 127.0.0.1 -p "
                  + database.embedded().getPort()
                  + " -U postgres -d postgres";
      log.info(
          """

          ==== boomi-flow-loader demo ====
          Simulator (Boomi Flow API): {}   tenants acme and globex load every minute
          Trigger a load now:  curl -s -X POST -H 'Authorization: Bearer demo-token' \
          -H 'Content-Type: application/json' -d '{}' {}/loads
          Loads and tenants:   curl -s -H 'Authorization: Bearer demo-token' {}/loads
          Metrics:             curl -s {}/actuator/prometheus | grep flowloader_
          Tables:              {}   then  \\dt acme_data.*
          ================================""",
          simulator.baseUrl(),
          "{\"tenant\":\"acme\"}",
          api,
          api,
          mgmt,
          psql);
    };
  }

  /**
   * A psql command line for a JDBC URL ({@code jdbc:postgresql://host[:port]/db[?…]}): psql does
   * not understand JDBC URLs, and the password is never printed (psql asks, or reads PGPASSWORD).
   */
  static String psqlCommand(String jdbcUrl, String user) {
    Matcher m = JDBC_URL.matcher(jdbcUrl == null ? "" : jdbcUrl);
    if (!m.matches()) {
      return "psql (connect to " + jdbcUrl + ")";
    }
    String host = m.group(1).isEmpty() ? "127.0.0.1" : m.group(1);
    String port = m.group(2) == null ? "5432" : m.group(2);
    String db = m.group(3) == null || m.group(3).isEmpty() ? "postgres" : m.group(3);
    return "psql -h " + host + " -p " + port + " -U " + user + " -d " + db;
  }

  private static final Pattern JDBC_URL =
      Pattern.compile("jdbc:postgresql://([^:/?]*)(?::(\\d+))?(?:/([^?]*))?(?:\\?.*)?");

  /** The demo's database: embedded (then closed on shutdown) or a configured server. */
  record DemoDatabase(EmbeddedPostgres embedded, DataSource dataSource) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
