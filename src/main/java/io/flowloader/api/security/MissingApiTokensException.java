package io.flowloader.api.security;

/**
 * The API has no full token ({@code flowloader.api.tokens}): starting without one would be an
 * unauthenticated service or one nobody can use, so the service refuses to start instead.
 */
public class MissingApiTokensException extends IllegalStateException {

  MissingApiTokensException() {
    super(
        "No API token configured: set flowloader.api.tokens (environment FLOWLOADER_API_TOKENS,"
            + " comma-separated) to at least one bearer token for the HTTP API;"
            + " flowloader.api.read-tokens (FLOWLOADER_API_READ_TOKENS) adds read-only ones");
  }
}
