package io.flowloader.diagnostics;

import java.net.URI;
import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * The database cannot be reached or refuses the login. Recognised by PostgreSQL's SQLSTATE of the
 * connection attempt (class 08 connection exception, 28 invalid authorization, 3D000 unknown
 * database), wherever it surfaces (Flyway, the pool, the first query).
 */
class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

  private final Environment environment;

  /** Boot passes the application's environment (null when the context was never created). */
  DatabaseFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  protected FailureAnalysis analyze(Throwable root, SQLException cause) {
    String state = cause.getSQLState() == null ? "" : cause.getSQLState();
    String where = target();
    String message =
        cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
    if (state.startsWith("08")) {
      return new FailureAnalysis(
          "Cannot connect to the database " + where + ": " + message,
          "Start PostgreSQL or correct the address: set FLOWLOADER_DB_URL (spring.datasource.url),"
              + " e.g. jdbc:postgresql://127.0.0.1:5432/postgres. For the demo without a server,"
              + " leave FLOWLOADER_DB_URL unset (not as root).",
          cause);
    }
    if (state.startsWith("28")) {
      return new FailureAnalysis(
          "The database " + where + " rejected the login: " + message,
          "Set the right user and password: FLOWLOADER_DB_USER and FLOWLOADER_DB_PASSWORD"
              + " (spring.datasource.username / password). The user needs CREATE on the"
              + " database.",
          cause);
    }
    if ("3D000".equals(state)) {
      return new FailureAnalysis(
          "The database named in " + where + " does not exist: " + message,
          "Create it (createdb) or name an existing database in FLOWLOADER_DB_URL.",
          cause);
    }
    return null;
  }

  /** The configured URL without credentials, or "(no URL configured)". */
  private String target() {
    String url = environment == null ? null : environment.getProperty("spring.datasource.url");
    if (url == null || url.isBlank()) {
      return "(spring.datasource.url not set)";
    }
    String user = environment.getProperty("spring.datasource.username", "");
    String shown = url.replaceAll("(?i)(password=)[^&]*", "$1***");
    try {
      URI u = URI.create(shown.startsWith("jdbc:") ? shown.substring(5) : shown);
      if (u.getUserInfo() != null) {
        shown = shown.replace(u.getRawUserInfo() + "@", "***@");
      }
    } catch (IllegalArgumentException e) {
      // not a URI: shown as configured (passwords masked above)
    }
    return shown + (user.isBlank() ? "" : " as user " + user);
  }
}
