package io.flowloader.extract;

import tools.jackson.databind.JsonNode;

/**
 * Receives what {@link Extractor#extract} produces. Calls to {@link #record} and {@link
 * #resourceCompleted} are serialised (never concurrent, even during parent→child fan-out), so an
 * implementation needs no locking. Records are Jackson trees: integers of any size stay integral
 * nodes, fractions are doubles. Records of a page arrive only after the page's body was received
 * completely and parsed validly, so a failed or truncated response never yields part of a page.
 */
public interface RecordSink extends ExtractListener {

  /** One record of {@code resource} (after processing steps and incremental filtering). */
  void record(String resource, JsonNode record);

  /**
   * Every record of {@code resource} was delivered. {@code cursor} holds the new incremental
   * positions (null for a resource without {@code incremental}); store them only when the load
   * commits.
   */
  void resourceCompleted(String resource, long records, ResourceCursor cursor);

  /**
   * Extracting {@code resource} failed with {@code cause} (records of it may have been delivered
   * before). Return true to go on with the other resources (the resource is then never completed,
   * and resources fetched from its records fail too); false (the default) ends the extraction with
   * {@code cause}.
   */
  default boolean resourceFailed(String resource, RuntimeException cause) {
    return false;
  }
}
