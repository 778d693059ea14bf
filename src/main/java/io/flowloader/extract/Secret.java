package io.flowloader.extract;

import java.util.Objects;

/**
 * A secret value (API key, token, password). {@link #toString()} is redacted so a secret that ends
 * up in a log line, an exception or a record's {@code toString} shows as {@code ***}; call {@link
 * #reveal()} only where the value is sent to the API.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret value");
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The clear value, for the request that needs it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
