package io.flowloader.source;

/**
 * A record transform applied in the extract stage before a record is buffered or handed on, so a
 * secret field never leaves extraction. {@code fingerprint} replaces {@code field} by the first 16
 * hex digits of its SHA-256 in {@code into}; {@code drop} removes {@code field}.
 */
public record ProcessingStep(Type type, String field, String into) {

  /** The kind of step. */
  public enum Type {
    FINGERPRINT,
    DROP
  }
}
