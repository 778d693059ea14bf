package io.flowloader.pkg;

/**
 * A JSON document stored in a {@code jsonb} or {@code json} column. A wrapper rather than a bare
 * {@code String} so that only these values are bound as JSON.
 */
public record JsonText(String json) {

  public static JsonText of(String json) {
    return json == null ? null : new JsonText(json);
  }
}
