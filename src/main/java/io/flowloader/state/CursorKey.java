package io.flowloader.state;

import java.util.Objects;

/**
 * Identifies one incremental cursor of a tenant: the resource, and for a child resource that keeps
 * a cursor per parent record, the parent's key ({@code null} — or {@code ""}, the same —
 * otherwise).
 */
public record CursorKey(String resource, String parentKey) {

  public CursorKey {
    Objects.requireNonNull(resource, "resource");
    // The extractor names a top-level resource's only position "" (ResourceCursor.ROOT).
    parentKey = parentKey == null || parentKey.isEmpty() ? null : parentKey;
  }

  public static CursorKey of(String resource) {
    return new CursorKey(resource, null);
  }
}
