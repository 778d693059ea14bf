package io.flowloader.source;

/**
 * Client authentication (dlt {@code auth}). Values usually hold {@code {tenant.*}} placeholders
 * that are bound per load, so the definition itself never contains a secret.
 */
public sealed interface AuthConfig {

  /** An API key in a header or in the query (dlt {@code api_key}). */
  record ApiKey(String name, String apiKey, Location location) implements AuthConfig {}

  /** Where an API key travels. */
  enum Location {
    HEADER,
    QUERY
  }

  /** {@code Authorization: Bearer <token>} (dlt {@code bearer}). */
  record Bearer(String token) implements AuthConfig {}

  /** {@code Authorization: Basic ...} (dlt {@code http_basic}). */
  record HttpBasic(String username, String password) implements AuthConfig {}
}
