package io.flowloader.extract;

import java.util.Map;

/**
 * The incremental positions of one resource: one {@link CursorValue} per parent key for a child
 * resource (the parent's placeholder values joined by {@code /}), or a single entry under {@link
 * #ROOT} for a top-level resource. Handed out by {@link RecordSink#resourceCompleted}; the pipeline
 * stores it only when the load commits and passes it back in the next {@link ExtractRequest}.
 */
public record ResourceCursor(Map<String, CursorValue> byParent) {

  /** The key of a top-level resource's only entry. */
  public static final String ROOT = "";

  public ResourceCursor {
    byParent = Map.copyOf(byParent);
  }

  /** A top-level resource's position. */
  public static ResourceCursor of(CursorValue value) {
    return new ResourceCursor(Map.of(ROOT, value));
  }

  /** The position for one parent key ({@link #ROOT} for a top-level resource), or null. */
  public CursorValue get(String parentKey) {
    return byParent.get(parentKey);
  }
}
