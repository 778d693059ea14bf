package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.load.LoadException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** A failed load's error names the database's own cause: SQL state, message, statement kind. */
class FailuresTests {

  @Test
  void aCommitErrorKeepsTheSqlStateTheServerMessageAndTheStatementKind() {
    SQLException server = new SQLException("ERROR: tables can have at most 1600 columns", "54011");
    LoadException e =
        new LoadException(
            "commit of load 1.2 into acme failed",
            new BadSqlGrammarException(
                "StatementCallback",
                "ALTER TABLE \"acme\".\"flows\" ADD COLUMN \"x\" text",
                server));
    String described = Failures.describe(e);
    assertThat(described)
        .contains("commit of load 1.2 into acme failed")
        .contains("tables can have at most 1600 columns")
        .contains("SQL state 54011")
        .contains("statement ALTER TABLE")
        .doesNotContain("database unavailable");
  }

  @Test
  void aConstraintViolationNamesItsStatementKindWithoutQuotingTheStatement() {
    var e =
        new org.springframework.dao.DataIntegrityViolationException(
            "StatementCallback; SQL [INSERT INTO \"acme\".\"users\" (\"id\") SELECT \"id\" FROM"
                + " \"stg\".\"users\"]; ERROR: new row for relation \"users\" violates check"
                + " constraint \"rule\"",
            new PSQLException(
                "ERROR: new row for relation \"users\" violates check constraint \"rule\"",
                PSQLState.CHECK_VIOLATION));
    assertThat(Failures.describe(e))
        .isEqualTo(
            "DataIntegrityViolationException: StatementCallback; ERROR: new row for relation"
                + " \"users\" violates check constraint \"rule\" (SQL state 23514, statement"
                + " INSERT INTO)");
  }

  @Test
  void aStagingErrorNamesItsStatementKind() {
    LoadException e =
        new LoadException(
            "COPY into staging table flows of load 1.2 failed [statement COPY]",
            new PSQLException("ERROR: value too long", PSQLState.DATA_ERROR));
    assertThat(Failures.describe(e)).contains("SQL state 22000").contains("statement COPY");
  }

  @Test
  void aLostConnectionReadsDatabaseUnavailable() {
    assertThat(
            Failures.describe(
                new LoadException(
                    "staging of load 1.2 failed [statement CREATE TABLE]",
                    new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE))))
        .startsWith("database unavailable: ")
        .contains("SQL state 08006");
    assertThat(
            Failures.describe(
                new CannotGetJdbcConnectionException(
                    "Failed to obtain JDBC Connection", new SQLException("timeout", "08001"))))
        .startsWith("database unavailable: ");
  }

  @Test
  void aCommitWhoseRollbackFailedTooReadsDatabaseUnavailable() {
    org.springframework.transaction.TransactionSystemException tx =
        new org.springframework.transaction.TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    tx.initApplicationException(
        new org.springframework.dao.DataAccessResourceFailureException(
            "I/O", new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE)));
    assertThat(Failures.describe(new LoadException("commit of load 1.2 failed: " + tx, tx)))
        .startsWith("database unavailable: ")
        .contains("SQL state 08006");
  }

  @Test
  void statementKindsNameKeywordsOnly() {
    assertThat(LoadException.statementKind("  create table \"a\" (x int)"))
        .isEqualTo("CREATE TABLE");
    assertThat(LoadException.statementKind("INSERT INTO \"a\" VALUES (1)"))
        .isEqualTo("INSERT INTO");
    assertThat(LoadException.statementKind("UPDATE \"a\" SET x = 1")).isEqualTo("UPDATE");
  }
}
