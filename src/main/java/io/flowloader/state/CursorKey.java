package io.flowloader.state;

import java.util.Objects;

/**
 * Identifies one incremental cursor of a tenant: the resource, and for a child resource that keeps
 * a cursor per parent record, the parent's key ({@code null} otherwise).
 */
public record CursorKey(String resource, String parentKey) {

  public CursorKey {
    Objects.requireNonNull(resource, "resource");
  }

  public static CursorKey of(String resource) {
    return new CursorKey(resource, null);
  }
}
