package io.flowloader.pipeline;

import io.flowloader.load.LoadException;
import java.sql.SQLException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Describes why a load failed in one line for its package's error: the exception's own message, and
 * for a database error the SQL state, PostgreSQL's message and the kind of statement that failed
 * (its leading keywords, never its values), so the cause is read in {@code GET /loads/{id}} and not
 * only in the server log.
 */
public final class Failures {

  private Failures() {}

  public static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    if (databaseUnavailable(e)) {
      b.append("database unavailable: ");
    }
    String message = e.getMessage();
    b.append(e.getClass().getSimpleName());
    if (message != null) {
      b.append(": ").append(withoutSql(firstLine(message)));
    }
    SQLException sql = sqlCause(e);
    if (sql != null) {
      String serverMessage = sql.getMessage() == null ? "" : firstLine(sql.getMessage());
      if (!b.toString().contains(serverMessage)) {
        b.append("; ").append(serverMessage);
      }
      if (sql.getSQLState() != null) {
        b.append(" (SQL state ").append(sql.getSQLState());
        String kind = statementKind(e);
        if (kind != null) {
          b.append(", statement ").append(kind);
        }
        b.append(')');
      }
    }
    return b.toString();
  }

  /**
   * True when the database could not be reached or dropped the connection (SQL state class 08, or
   * an administrator's shutdown, 57P01..57P03), as opposed to a statement it rejected.
   */
  public static boolean databaseUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // A rollback that failed after the statement failed: the statement's error is the cause.
      if (t instanceof TransactionSystemException tx
          && tx.getOriginalException() != null
          && tx.getOriginalException() != t
          && databaseUnavailable(tx.getOriginalException())) {
        return true;
      }
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof DataAccessResourceFailureException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The SQL state of the database error behind {@code e}, or null. */
  static String sqlState(Throwable e) {
    SQLException sql = sqlCause(e);
    return sql == null ? null : sql.getSQLState();
  }

  private static SQLException sqlCause(Throwable e) {
    SQLException found = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransactionSystemException tx && tx.getOriginalException() != null) {
        SQLException original = sqlCause(tx.getOriginalException());
        if (original != null) {
          return original;
        }
      }
      if (t instanceof SQLException s) {
        found = s; // the innermost one carries the server's own message
      }
    }
    return found;
  }

  /** The failing statement's leading keywords (e.g. {@code ALTER TABLE}), when known. */
  static String statementKind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String sql =
          t instanceof BadSqlGrammarException g
              ? g.getSql()
              : t instanceof UncategorizedSQLException u ? u.getSql() : null;
      if (sql != null) {
        return LoadException.statementKind(sql);
      }
      String message = t.getMessage();
      if (message != null) {
        // Spring's translated exceptions quote the statement: "...; SQL [INSERT INTO ...]; ..."
        int sqlAt = message.indexOf(SQL_QUOTE);
        if (sqlAt >= 0) {
          return LoadException.statementKind(message.substring(sqlAt + SQL_QUOTE.length()));
        }
        int at = message.indexOf("[statement ");
        if (at >= 0) {
          int end = message.indexOf(']', at);
          if (end > at) {
            return message.substring(at + 11, end);
          }
        }
      }
    }
    return null;
  }

  private static final String SQL_QUOTE = "SQL [";

  /**
   * A message without the statement Spring quotes in it ({@code SQL [...]; }): its kind is named
   * apart, and the statement itself can be long.
   */
  private static String withoutSql(String message) {
    int at = message.indexOf(SQL_QUOTE);
    int end = at < 0 ? -1 : message.indexOf("]; ", at);
    return end < 0 ? message : message.substring(0, at) + message.substring(end + 3);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
