package io.flowloader.load;

/**
 * What a table-level failure (a statement on one resource's tables that the database rejected) does
 * to a load: isolate the resource, or fail the load.
 */
@FunctionalInterface
public interface TableFailures {

  /**
   * Called when work on {@code resource}'s tables failed with {@code cause}. Returns the cause as
   * the package's error should list it, to leave the resource out and go on with the others, or
   * null to fail the load (a lost connection, a cancelled load).
   */
  String isolate(String resource, RuntimeException cause);
}
