package io.flowloader.demo;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains the demo's refusal to start an embedded PostgreSQL as root, and the way around it. */
class EmbeddedDatabaseAsRootFailureAnalyzer
    extends AbstractFailureAnalyzer<EmbeddedDatabaseAsRootException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, EmbeddedDatabaseAsRootException cause) {
    return new FailureAnalysis(
        "The demo starts an embedded PostgreSQL when no database is configured, and PostgreSQL"
            + " refuses to run as root.",
        "Run the demo as a normal user, or point it at a PostgreSQL server:\n\n"
            + "    FLOWLOADER_DB_URL=jdbc:postgresql://127.0.0.1:5432/postgres"
            + " FLOWLOADER_DB_USER=postgres FLOWLOADER_DB_PASSWORD=... \\\n"
            + "      ./mvnw spring-boot:run -Dspring-boot.run.profiles=demo",
        cause);
  }
}
