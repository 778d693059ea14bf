package io.flowloader.extract;

/** A response body ended before its JSON document did; the page is retried, never half-used. */
final class TruncatedBodyException extends RuntimeException {
  TruncatedBodyException(String message) {
    super(message);
  }
}
