package io.boomiflow.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A bounded, thread-safe ring of the most recent requests. */
final class RequestLog {

  private final int capacity;
  private final ArrayDeque<RequestLogEntry> entries = new ArrayDeque<>();
  private long seq;

  RequestLog(int capacity) {
    this.capacity = Math.max(1, capacity);
  }

  synchronized long nextSeq() {
    return ++seq;
  }

  synchronized void add(RequestLogEntry entry) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  synchronized List<RequestLogEntry> since(long afterSeq) {
    List<RequestLogEntry> out = new ArrayList<>();
    for (RequestLogEntry e : entries) {
      if (e.seq() > afterSeq) {
        out.add(e);
      }
    }
    out.sort(java.util.Comparator.comparingLong(RequestLogEntry::seq));
    return out;
  }

  synchronized void clear() {
    entries.clear();
    seq = 0;
  }
}
