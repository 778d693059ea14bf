package io.flowloader.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records extracted so far per resource of the loads running in this process, for the inspector's
 * live view. Kept in memory only while a load runs: the package gets its per-table row counts when
 * it is staged, and another replica's load shows none of this.
 */
final class LoadProgress {

  private final Map<String, Map<String, LongAdder>> running = new ConcurrentHashMap<>();

  /** Starts counting for a load; the map is the sink's to increment. */
  Map<String, LongAdder> start(String loadId) {
    Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    running.put(loadId, counts);
    return counts;
  }

  /** The counts of a load started here (a fresh, unlisted map if it was not). */
  Map<String, LongAdder> counts(String loadId) {
    Map<String, LongAdder> counts = running.get(loadId);
    return counts != null ? counts : new ConcurrentHashMap<>();
  }

  void finish(String loadId) {
    running.remove(loadId);
  }

  /** Records so far per resource, by name; empty when the load does not run here. */
  Map<String, Long> recordsSoFar(String loadId) {
    Map<String, Long> out = new TreeMap<>();
    Map<String, LongAdder> counts = running.get(loadId);
    if (counts != null) {
      counts.forEach((resource, n) -> out.put(resource, n.sum()));
    }
    return out;
  }
}
