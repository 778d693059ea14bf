package io.flowloader.pipeline;

import io.flowloader.load.StagingWriter;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.Trigger;
import io.flowloader.tenant.Tenant;
import java.util.List;

/**
 * A load whose package is open (status {@code extracting}) and which has not run yet. Returned by
 * {@link LoadPipeline#prepare} so a caller can report the load id before the work starts.
 */
public final class PreparedLoad {

  private final Tenant tenant;
  private final Trigger trigger;
  private final LoadOptions options;
  private final List<String> resources;
  private final StagingWriter writer;
  private volatile boolean cancelled;
  private volatile String expired;
  private volatile java.util.Set<String> failedResources = java.util.Set.of();
  private volatile Thread runner;

  PreparedLoad(
      Tenant tenant,
      Trigger trigger,
      LoadOptions options,
      List<String> resources,
      StagingWriter writer) {
    this.tenant = tenant;
    this.trigger = trigger;
    this.options = options;
    this.resources = List.copyOf(resources);
    this.writer = writer;
  }

  public Tenant tenant() {
    return tenant;
  }

  public Trigger trigger() {
    return trigger;
  }

  public LoadOptions options() {
    return options;
  }

  public List<String> resources() {
    return resources;
  }

  public LoadPackage pkg() {
    return writer.loadPackage();
  }

  public String loadId() {
    return writer.loadId();
  }

  StagingWriter writer() {
    return writer;
  }

  /**
   * Asks the load to stop at its next checkpoint (between records, or at once when it waits on the
   * network); it then aborts: staging is dropped, nothing reaches the dataset, cursors stay.
   */
  public void cancel() {
    cancelled = true;
    Thread t = runner;
    if (t != null) {
      // Wakes a thread blocked on the network (a slow page) so it reaches the checkpoint now.
      t.interrupt();
    }
  }

  /**
   * Stops the load as {@link #cancel} does, but as a failure with {@code why} (its deadline passed)
   * rather than an abort.
   */
  public void expire(String why) {
    expired = why;
    cancel();
  }

  boolean cancelled() {
    return cancelled;
  }

  void failedResources(java.util.Set<String> resources) {
    failedResources = java.util.Set.copyOf(resources);
  }

  /** Resources that failed and were left out (isolated) of the committed load. */
  public java.util.Set<String> failedResources() {
    return failedResources;
  }

  /** Why the load was stopped as a failure (its deadline), or null. */
  String expired() {
    return expired;
  }

  void runningOn(Thread thread) {
    runner = thread;
  }
}
