package io.flowloader.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * Cluster-wide locks per tenant, in PostgreSQL.
 *
 * <p>The <em>load lock</em> is held for the whole load by whoever runs it (schedule or manual): a
 * session-level advisory lock on a connection of its own. PostgreSQL releases it the moment that
 * connection ends, so a replica killed with SIGKILL frees its tenants at once (the kernel closes
 * its sockets) instead of after a lease; a heartbeat on the connection notices when the lock is
 * lost (connection dropped) so the load stops rather than run unguarded. The holder's session names
 * its load in {@code application_name}, so a refused caller is told which load really runs.
 *
 * <p>Which replica loads a scheduled slot is decided before this lock, by {@link ScheduleSlots}.
 */
public class TenantLocks {

  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  // A heartbeat that gets no answer in this long (network cut, server gone) drops the connection.
  private static final int NETWORK_TIMEOUT_MILLIS = 5_000;
  private static final String KEY =
      "hashtext('flowloader.load'), hashtext(?)"; // two int4 keys: class, tenant
  private static final String APPLICATION_PREFIX = "flowloader load ";
  // SQLSTATE of a lock wait that reached lock_timeout
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final Logger log = LoggerFactory.getLogger(TenantLocks.class);

  private final DataSource dataSource;
  private final TaskScheduler heartbeats;

  /**
   * @param heartbeats runs the held locks' heartbeats; it must keep running while loads finish
   *     during shutdown
   */
  public TenantLocks(DataSource dataSource, TaskScheduler heartbeats) {
    this.dataSource = dataSource;
    this.heartbeats = heartbeats;
  }

  /**
   * The load lock, or empty when another load of the tenant holds it.
   *
   * @throws org.springframework.dao.DataAccessResourceFailureException when the database cannot be
   *     reached
   */
  public Optional<LoadLock> tryLoadLock(String tenant) {
    return tryLoadLock(tenant, Duration.ZERO);
  }

  /**
   * The load lock, waiting in PostgreSQL up to {@code wait} for its holder to release it (its
   * {@code lock_timeout}), or empty when it is still held then.
   *
   * @throws org.springframework.dao.DataAccessResourceFailureException when the database cannot be
   *     reached
   */
  public Optional<LoadLock> tryLoadLock(String tenant, Duration wait) {
    Connection c;
    try {
      c = connection();
    } catch (SQLException e) {
      throw new org.springframework.jdbc.CannotGetJdbcConnectionException(
          "cannot take the load lock of tenant " + tenant, e);
    }
    try {
      c.setAutoCommit(true);
      boolean locked = wait.isZero() ? tryLock(c, tenant) : lockWithin(c, tenant, wait);
      if (!locked) {
        c.close();
        return Optional.empty();
      }
      LoadLock lock = new LoadLock(tenant, c);
      lock.heartbeat =
          heartbeats.scheduleWithFixedDelay(lock::beat, Instant.now().plus(HEARTBEAT), HEARTBEAT);
      return Optional.of(lock);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new org.springframework.dao.DataAccessResourceFailureException(
          "cannot take the load lock of tenant " + tenant + ": " + e.getMessage(), e);
    }
  }

  private static boolean tryLock(Connection c, String tenant) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")")) {
      st.setString(1, tenant);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static boolean lockWithin(Connection c, String tenant, Duration wait)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET lock_timeout = " + Math.max(1, wait.toMillis()));
    }
    try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_lock(" + KEY + ")")) {
      st.setString(1, tenant);
      st.execute();
      return true;
    } catch (SQLException e) {
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    } finally {
      try (Statement st = c.createStatement()) {
        st.execute("RESET lock_timeout");
      }
    }
  }

  /**
   * The load id named by the session holding the tenant's load lock, if a live session holds it and
   * has opened its package.
   */
  public Optional<String> holder(String tenant) {
    try (Connection c = connection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid ="
                    + " l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
                    + " AND l.database = (SELECT oid FROM pg_database WHERE datname ="
                    + " current_database())"
                    + " AND l.classid = (hashtext('flowloader.load')::bigint & 4294967295)::oid"
                    + " AND l.objid = (hashtext(?)::bigint & 4294967295)::oid")) {
      st.setString(1, tenant);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) {
          String name = rs.getString(1);
          if (name != null && name.startsWith(APPLICATION_PREFIX)) {
            return Optional.of(name.substring(APPLICATION_PREFIX.length()));
          }
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw new org.springframework.jdbc.CannotGetJdbcConnectionException(
          "cannot read the load lock of tenant " + tenant, e);
    }
  }

  private Connection connection() throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      // already gone
    }
  }

  /** A held load lock: its own connection, kept alive and watched by a heartbeat. */
  public static final class LoadLock implements AutoCloseable {
    private final String tenant;
    private final Connection connection;
    private volatile ScheduledFuture<?> heartbeat;
    private volatile Runnable onLost = () -> {};
    private volatile boolean released;
    private volatile boolean lost;

    private LoadLock(String tenant, Connection connection) {
      this.tenant = tenant;
      this.connection = connection;
    }

    /** Names the load this lock guards, for callers refused by it ({@link #holder}). */
    public synchronized void naming(String loadId) {
      try (Statement st = connection.createStatement()) {
        st.execute("SET application_name = '" + APPLICATION_PREFIX + loadId.replace("'", "") + "'");
      } catch (SQLException e) {
        log.warn("tenant {}: cannot name load {} on its lock's session", tenant, loadId, e);
      }
    }

    /** Runs {@code action} once, should the lock be lost while held (its connection ended). */
    public void onLost(Runnable action) {
      this.onLost = action;
      if (lost) {
        action.run();
      }
    }

    public boolean lost() {
      return lost;
    }

    private synchronized void beat() {
      if (released || lost) {
        return;
      }
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT 1");
      } catch (SQLException e) {
        lost = true;
        log.error(
            "tenant {}: the load lock's database connection failed ({}); the lock is lost",
            tenant,
            e.getMessage());
        onLost.run();
      }
    }

    /**
     * Releases the lock. Never throws: when the connection is broken the server has ended (or will
     * end) its session and the lock with it; the connection is then evicted, not reused.
     */
    public synchronized void unlock() {
      if (released) {
        return;
      }
      released = true;
      ScheduledFuture<?> h = heartbeat;
      if (h != null) {
        h.cancel(false);
      }
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_unlock_all()");
        st.execute("RESET application_name");
        connection.close();
      } catch (SQLException | RuntimeException e) {
        log.warn(
            "tenant {}: releasing the load lock failed ({}); dropping its connection",
            tenant,
            e.getMessage());
        evict(connection);
      }
    }

    @Override
    public void close() {
      unlock();
    }

    private static void evict(Connection c) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        closeQuietly(c);
      }
    }
  }
}
