package io.flowloader.load;

import io.flowloader.normalize.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The schema document of {@code _dlt_version.schema} — the normalizer's {@link Schema#toJson()} —
 * which is also what a staged load package keeps, and what is read back as a dataset's current
 * schema. The only addition here: a schema built without a version hash gets one, because {@code
 * _dlt_loads.schema_version_hash} must point at a {@code _dlt_version} row.
 */
final class SchemaJson {

  static final int ENGINE_VERSION = 11;

  private SchemaJson() {}

  static String write(Schema schema) {
    return withHash(schema).toJson();
  }

  static Schema read(String json) {
    return Schema.fromJson(json);
  }

  static String versionHash(Schema schema) {
    if (schema.versionHash() != null && !schema.versionHash().isBlank()) {
      return schema.versionHash();
    }
    String content =
        new Schema(schema.name(), 0, "", schema.tables())
            .toJson()
            .replaceFirst("\"version\":0", "");
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA3-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schema withHash(Schema schema) {
    return new Schema(schema.name(), schema.version(), versionHash(schema), schema.tables());
  }
}
