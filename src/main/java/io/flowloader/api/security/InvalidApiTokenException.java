package io.flowloader.api.security;

/**
 * A configured API token that no client could present: a bearer token is limited to RFC 6750's
 * {@code b64token} characters ({@code A-Z a-z 0-9 - . _ ~ + /}, then {@code =} padding). The
 * message names the setting and position, never the token.
 */
public class InvalidApiTokenException extends IllegalStateException {

  InvalidApiTokenException(String property, int position) {
    super(
        "API token #"
            + position
            + " of "
            + property
            + " has characters a bearer token cannot carry; use only A-Z a-z 0-9 - . _ ~ + /"
            + " (and trailing =), e.g. the output of `openssl rand -hex 32`");
  }
}
