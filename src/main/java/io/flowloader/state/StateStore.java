package io.flowloader.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incremental cursor state per tenant × resource (× parent key), in {@code
 * flowloader.cursor_state}.
 *
 * <p>Invariant: cursors are read at load start ({@link #load}) and advanced only inside the commit
 * transaction of the load that read past them ({@link #advance} refuses to run outside a
 * transaction), so a failed or killed load leaves them exactly where they were and the next load
 * re-reads from the same position.
 */
@Service
public class StateStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public StateStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.clock = Clock.systemUTC();
  }

  /** All cursors of a tenant. */
  public Map<CursorKey, Cursor> load(String tenant) {
    Map<CursorKey, Cursor> cursors = new LinkedHashMap<>();
    jdbc.query(
        "SELECT resource, parent_key, cursor_path, value_type, value, boundary_keys::text"
            + " FROM flowloader.cursor_state WHERE tenant = ? ORDER BY resource, parent_key",
        rs -> {
          cursors.put(
              new CursorKey(rs.getString(1), rs.getString(2)),
              new Cursor(
                  rs.getString(3),
                  CursorType.fromDb(rs.getString(4)),
                  rs.getString(5),
                  JSON.readValue(rs.getString(6), new TypeReference<List<String>>() {})));
        },
        tenant);
    return cursors;
  }

  /**
   * Writes the new cursor values of a load. Must run inside the commit transaction (the one that
   * moves the load's rows into the dataset).
   */
  public void advance(String tenant, String loadId, Map<CursorKey, Cursor> updates) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("cursors advance only inside the commit transaction");
    }
    Timestamp now = Timestamp.from(clock.instant());
    for (Map.Entry<CursorKey, Cursor> e : updates.entrySet()) {
      CursorKey key = e.getKey();
      Cursor c = e.getValue();
      jdbc.update(
          "INSERT INTO flowloader.cursor_state (tenant, resource, parent_key, cursor_path,"
              + " value_type, value, boundary_keys, load_id, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
              + " ON CONFLICT (tenant, resource, (coalesce(parent_key, ''))) DO UPDATE SET"
              + " cursor_path = EXCLUDED.cursor_path, value_type = EXCLUDED.value_type,"
              + " value = EXCLUDED.value, boundary_keys = EXCLUDED.boundary_keys,"
              + " load_id = EXCLUDED.load_id, updated_at = EXCLUDED.updated_at",
          tenant,
          key.resource(),
          key.parentKey(),
          c.cursorPath(),
          c.type().dbValue(),
          c.value(),
          JSON.writeValueAsString(c.boundaryKeys()),
          loadId,
          now);
    }
  }

  /** Serialises cursor updates, e.g. to keep them with a staged load package. */
  public static String toJson(Map<CursorKey, Cursor> cursors) {
    List<Entry> entries = new ArrayList<>();
    cursors.forEach(
        (k, c) ->
            entries.add(
                new Entry(
                    k.resource(),
                    k.parentKey(),
                    c.cursorPath(),
                    c.type(),
                    c.value(),
                    c.boundaryKeys())));
    return JSON.writeValueAsString(entries);
  }

  /** The inverse of {@link #toJson}; {@code null} or blank gives an empty map. */
  public static Map<CursorKey, Cursor> fromJson(String json) {
    Map<CursorKey, Cursor> cursors = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return cursors;
    }
    for (Entry e : JSON.readValue(json, ENTRIES)) {
      cursors.put(
          new CursorKey(e.resource(), e.parentKey()),
          new Cursor(e.cursorPath(), e.type(), e.value(), e.boundaryKeys()));
    }
    return cursors;
  }

  record Entry(
      String resource,
      String parentKey,
      String cursorPath,
      CursorType type,
      String value,
      List<String> boundaryKeys) {}
}
