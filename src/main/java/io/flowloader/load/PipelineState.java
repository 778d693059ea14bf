package io.flowloader.load;

import io.flowloader.state.Cursor;
import io.flowloader.state.CursorKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.zip.Deflater;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * dlt's {@code _dlt_pipeline_state} rows (docs/dlt-compatibility.md, "System tables"): the pipeline
 * state JSON (dlt's keys, with the tenant's cursors under {@code
 * sources.<schema>.resources.<resource>.incremental}), zlib-compressed at level 9 and
 * Base64-encoded. A row is written only when the state changed since the newest stored row
 * (compared by {@code version_hash}); the first load always writes one.
 */
final class PipelineState {

  static final int ENGINE_VERSION = 4;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private PipelineState() {}

  static void writeIfChanged(
      JdbcTemplate jdbc,
      String dataset,
      String pipelineName,
      String schemaName,
      Map<CursorKey, Cursor> cursors,
      String loadId,
      Instant now) {
    ObjectNode state = content(dataset, pipelineName, schemaName, cursors);
    String hash = hash(state);
    String table = Sql.table(dataset, "_dlt_pipeline_state");
    String newest =
        jdbc.query(
            "SELECT version_hash FROM "
                + table
                + " WHERE pipeline_name = ? ORDER BY version DESC LIMIT 1",
            rs -> rs.next() ? rs.getString(1) : null,
            pipelineName);
    if (hash.equals(newest)) {
      return;
    }
    Long previous =
        jdbc.queryForObject(
            "SELECT max(version) FROM " + table + " WHERE pipeline_name = ?",
            Long.class,
            pipelineName);
    long version = previous == null ? 1 : previous + 1;
    ObjectNode full = JSON.createObjectNode();
    full.put("_state_version", version);
    full.put("_state_engine_version", ENGINE_VERSION);
    full.setAll(state);
    full.put("_version_hash", hash);
    jdbc.update(
        "INSERT INTO "
            + table
            + " (version, engine_version, pipeline_name, state, created_at, version_hash,"
            + " _dlt_load_id, _dlt_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        version,
        ENGINE_VERSION,
        pipelineName,
        compress(JSON.writeValueAsString(full)),
        Timestamp.from(now),
        hash,
        loadId,
        randomId());
  }

  private static ObjectNode content(
      String dataset, String pipelineName, String schemaName, Map<CursorKey, Cursor> cursors) {
    ObjectNode state = JSON.createObjectNode();
    state.put("dataset_name", dataset);
    state.put("pipeline_name", pipelineName);
    state.putArray("schema_names").add(schemaName);
    state.put("default_schema_name", schemaName);
    state.put("destination_type", "dlt.destinations.postgres");
    state.putNull("destination_name");
    if (!cursors.isEmpty()) {
      ObjectNode resources =
          state.putObject("sources").putObject(schemaName).putObject("resources");
      cursors.forEach(
          (key, cursor) -> {
            ObjectNode resource =
                resources.has(key.resource())
                    ? (ObjectNode) resources.get(key.resource())
                    : resources.putObject(key.resource());
            ObjectNode holder =
                key.parentKey() == null ? resource : parents(resource).putObject(key.parentKey());
            ObjectNode inc = holder.putObject("incremental").putObject(cursor.cursorPath());
            inc.put("last_value", cursor.value());
            inc.put("last_value_type", cursor.type().name().toLowerCase(java.util.Locale.ROOT));
            cursor.boundaryKeys().forEach(inc.putArray("unique_hashes")::add);
          });
    }
    return state;
  }

  private static ObjectNode parents(ObjectNode resource) {
    return resource.has("parents")
        ? (ObjectNode) resource.get("parents")
        : resource.putObject("parents");
  }

  static String hash(ObjectNode content) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA3-256")
              .digest(JSON.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String compress(String json) {
    Deflater deflater = new Deflater(9);
    deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  /** dlt's random row id: 10 random bytes, standard Base64 without padding (14 characters). */
  static String randomId() {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
