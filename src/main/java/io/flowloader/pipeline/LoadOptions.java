package io.flowloader.pipeline;

import java.util.List;

/**
 * What a caller may choose about one load.
 *
 * @param resources resources to load; empty means the tenant's configured ones
 * @param fullRefresh ignore stored incremental cursors for this load (they are overwritten by the
 *     values this load reaches)
 */
public record LoadOptions(List<String> resources, boolean fullRefresh) {

  public LoadOptions {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  public static LoadOptions defaults() {
    return new LoadOptions(List.of(), false);
  }
}
