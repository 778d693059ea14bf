package io.flowloader.extract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;

/** Records everything the extractor hands out and fails if sink calls ever overlap. */
final class CollectingSink implements RecordSink {

  final Map<String, List<JsonNode>> records = new LinkedHashMap<>();
  final Map<String, ResourceCursor> cursors = new LinkedHashMap<>();
  final Map<String, Long> completed = new LinkedHashMap<>();
  final List<String> retries = new CopyOnWriteArrayList<>();
  final List<Duration> rateWaits = new CopyOnWriteArrayList<>();
  final List<Integer> pages = new CopyOnWriteArrayList<>();
  private final AtomicBoolean inside = new AtomicBoolean();
  volatile boolean overlapped;

  @Override
  public void record(String resource, JsonNode record) {
    enter();
    records.computeIfAbsent(resource, r -> new ArrayList<>()).add(record);
    leave();
  }

  @Override
  public void resourceCompleted(String resource, long count, ResourceCursor cursor) {
    enter();
    completed.put(resource, count);
    cursors.put(resource, cursor);
    leave();
  }

  @Override
  public void pageFetched(String resource, int count) {
    pages.add(count);
  }

  @Override
  public void retried(String resource, String reason, Duration delay) {
    retries.add(reason);
  }

  @Override
  public void rateLimitWaited(String resource, Duration waited) {
    rateWaits.add(waited);
  }

  List<JsonNode> of(String resource) {
    return records.getOrDefault(resource, List.of());
  }

  private void enter() {
    if (!inside.compareAndSet(false, true)) {
      overlapped = true;
    }
    try {
      Thread.sleep(0, 100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void leave() {
    inside.set(false);
  }
}
