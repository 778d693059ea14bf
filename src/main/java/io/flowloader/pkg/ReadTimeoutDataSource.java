package io.flowloader.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Lends the pool's connections with a network timeout, for short reads that answer people and
 * probes: when the database stops answering (a cut network, not a refused connection), such a read
 * fails after {@code timeout} instead of waiting for TCP to give up. The pool resets the timeout
 * when the connection comes back. Never for a transaction shared with other components (it is
 * another {@link DataSource} to Spring's transaction synchronisation).
 */
public final class ReadTimeoutDataSource extends DelegatingDataSource {

  private final int millis;

  public ReadTimeoutDataSource(DataSource target, Duration timeout) {
    super(target);
    this.millis = (int) timeout.toMillis();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = super.getConnection();
    try {
      c.setNetworkTimeout(Runnable::run, millis);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
