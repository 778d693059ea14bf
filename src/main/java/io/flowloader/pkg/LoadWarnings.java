package io.flowloader.pkg;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** The normalizer warnings of each load package, kept for its report ({@code GET /loads/{id}}). */
@Service
public class LoadWarnings {

  private final JdbcTemplate jdbc;

  public LoadWarnings(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the warnings of the package with this load id (replacing any stored before). */
  public void record(String loadId, List<LoadWarning> warnings) {
    jdbc.update(
        "DELETE FROM flowloader.load_warning WHERE load_package ="
            + " (SELECT id FROM flowloader.load_package WHERE load_id = ?)",
        loadId);
    if (warnings.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "INSERT INTO flowloader.load_warning (load_package, table_name, column_name, kind, count)"
            + " SELECT id, ?, ?, ?, ? FROM flowloader.load_package WHERE load_id = ?",
        warnings,
        warnings.size(),
        (ps, w) -> {
          ps.setString(1, w.table());
          ps.setString(2, w.column());
          ps.setString(3, w.kind());
          ps.setLong(4, w.count());
          ps.setString(5, loadId);
        });
  }

  /** The warnings of the package with this load id, by table, column and kind. */
  public List<LoadWarning> of(String loadId) {
    return jdbc.query(
        "SELECT w.table_name, w.column_name, w.kind, w.count FROM flowloader.load_warning w"
            + " JOIN flowloader.load_package p ON p.id = w.load_package WHERE p.load_id = ?"
            + " ORDER BY w.table_name, w.column_name NULLS FIRST, w.kind",
        (rs, i) ->
            new LoadWarning(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
        loadId);
  }
}
