package io.flowloader.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL provisioner of a test JVM.
 *
 * <p>Choice, in order: {@code TEST_DATABASE_URL} names a server; else a Testcontainers PostgreSQL
 * when Docker answers; else the local server at {@code 127.0.0.1:5432/test}. On an external server
 * the run creates its own database {@code it_<time>_<random>}, migrates it, and drops it {@code
 * WITH (FORCE)} when the JVM exits, so concurrent and repeated runs never collide. Databases left
 * behind by killed runs are swept once they are older than {@link #STALE_AFTER_HOURS}.
 */
public final class TestDatabase {

  static final int STALE_AFTER_HOURS = 6;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final Pattern OWN_DB = Pattern.compile("it_(\\d{14})_[a-z0-9]{6}");
  private static final String LOCAL_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test";

  private static volatile TestDatabase instance;

  private final String jdbcUrl;
  private final String username;
  private final String password;

  private TestDatabase(String jdbcUrl, String username, String password) {
    this.jdbcUrl = jdbcUrl;
    this.username = username;
    this.password = password;
  }

  /** The database of this test JVM, provisioned and migrated on first use. */
  public static TestDatabase get() {
    TestDatabase db = instance;
    if (db == null) {
      synchronized (TestDatabase.class) {
        db = instance;
        if (db == null) {
          db = provision();
          db.migrate();
          instance = db;
        }
      }
    }
    return db;
  }

  /**
   * A further database of its own on the same server, migrated, dropped when the JVM exits: for a
   * test that measures the whole database (e.g. its catalog), which no other test may touch.
   */
  public static TestDatabase separate() {
    TestDatabase main = get();
    TestDatabase db = ownDatabaseOn(main.jdbcUrl, main.username, main.password);
    db.migrate();
    return db;
  }

  /**
   * Points Spring's datasource at this JVM's database; call from a {@code DynamicPropertySource}.
   */
  public static void register(DynamicPropertyRegistry registry) {
    TestDatabase db = get();
    registry.add("spring.datasource.url", db::jdbcUrl);
    registry.add("spring.datasource.username", db::username);
    registry.add("spring.datasource.password", db::password);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** A plain, unpooled data source for tests that run without a Spring context. */
  public DataSource dataSource() {
    return new DriverManagerDataSource(jdbcUrl, username, password);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, username, password);
  }

  private void migrate() {
    Flyway.configure()
        .dataSource(jdbcUrl, username, password)
        .schemas("flowloader")
        .defaultSchema("flowloader")
        .load()
        .migrate();
  }

  private static TestDatabase provision() {
    String explicit = System.getenv("TEST_DATABASE_URL");
    if (explicit != null && !explicit.isBlank()) {
      return ownDatabaseOn(
          explicit, env("TEST_DATABASE_USER", "postgres"), env("TEST_DATABASE_PASSWORD", ""));
    }
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      // Testcontainers' ryuk removes the container when the JVM exits.
      return new TestDatabase(
          container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    return ownDatabaseOn(LOCAL_DEFAULT, "postgres", "");
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  private static TestDatabase ownDatabaseOn(String serverUrl, String user, String password) {
    String name =
        "it_"
            + LocalDateTime.now().format(STAMP)
            + "_"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement st = c.createStatement()) {
      sweepStale(st);
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create a test database on "
              + serverUrl
              + " (is PostgreSQL running? `bash .ci/run` starts it): "
              + e.getMessage(),
          e);
    }
    String dbName = name;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (Connection c = DriverManager.getConnection(serverUrl, user, password);
                      Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
                  } catch (SQLException ignored) {
                    // The next run's sweep removes it.
                  }
                },
                "test-database-drop"));
    return new TestDatabase(withDatabase(serverUrl, name), user, password);
  }

  private static void sweepStale(Statement st) throws SQLException {
    List<String> stale = new ArrayList<>();
    LocalDateTime cutoff = LocalDateTime.now().minusHours(STALE_AFTER_HOURS);
    try (ResultSet rs =
        st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'it\\_%'")) {
      while (rs.next()) {
        Matcher m = OWN_DB.matcher(rs.getString(1));
        if (m.matches() && LocalDateTime.parse(m.group(1), STAMP).isBefore(cutoff)) {
          stale.add(rs.getString(1));
        }
      }
    }
    for (String db : stale) {
      st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  /** {@code serverUrl} (a JDBC URL) naming {@code database} instead. */
  public static String withDatabase(String serverUrl, String database) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    int slash = base.indexOf('/', "jdbc:postgresql://".length());
    String hostPart = slash < 0 ? base : base.substring(0, slash);
    return hostPart + "/" + database + params;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
