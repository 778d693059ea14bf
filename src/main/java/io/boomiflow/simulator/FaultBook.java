package io.boomiflow.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The active faults and their counters. For each API request {@link #decide} returns what to do: an
 * error response (the first matching error fault wins) or modifiers on the normal response (slow,
 * drip, truncate, reset, drift), which can stack.
 */
final class FaultBook {

  /** An installed fault with its own counter and token bucket. */
  static final class Active {
    final long id;
    final FaultSpec spec;
    private long matched;
    private final java.util.Map<String, double[]> buckets = new java.util.HashMap<>();

    Active(long id, FaultSpec spec) {
      this.id = id;
      this.spec = spec;
    }

    synchronized long matched() {
      return matched;
    }

    /** Counts a matching request; true when the fault fires for it. */
    synchronized boolean fire() {
      long n = matched++;
      int skip = spec.skipOrDefault();
      int count = spec.countOrDefault();
      return n >= skip && (count <= 0 || n < skip + count);
    }

    /**
     * Takes a token from {@code tenant}'s bucket (one bucket per tenant, i.e. per API key's
     * tenant); returns 0 when one was available, else the whole seconds until the next one.
     */
    synchronized long take(String tenant) {
      long now = System.nanoTime();
      double rate = spec.rateOrDefault();
      double[] bucket =
          buckets.computeIfAbsent(tenant, t -> new double[] {spec.burstOrDefault(), now});
      bucket[0] =
          Math.min(spec.burstOrDefault(), bucket[0] + (now - (long) bucket[1]) / 1e9 * rate);
      bucket[1] = now;
      matched++;
      if (bucket[0] >= 1) {
        bucket[0] -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket[0]) / rate));
    }
  }

  /** What happens to one request. */
  record Decision(FaultSpec error, long retryAfterSeconds, List<FaultSpec> modifiers) {
    static final Decision NONE = new Decision(null, 0, List.of());

    String describe() {
      List<String> kinds = new ArrayList<>();
      if (error != null) {
        kinds.add(error.kind().name());
      }
      modifiers.forEach(m -> kinds.add(m.kind().name()));
      return kinds.isEmpty() ? null : String.join(",", kinds);
    }
  }

  private final List<Active> faults = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  long add(FaultSpec spec) {
    if (spec.kind() == null) {
      throw new IllegalArgumentException("fault kind is required");
    }
    long id = ids.incrementAndGet();
    faults.add(new Active(id, spec));
    return id;
  }

  boolean remove(long id) {
    return faults.removeIf(a -> a.id == id);
  }

  void clear() {
    faults.clear();
  }

  List<Active> list() {
    return List.copyOf(faults);
  }

  Decision decide(TenantData tenant, Endpoint endpoint, int page) {
    if (faults.isEmpty()) {
      return Decision.NONE;
    }
    List<FaultSpec> modifiers = new ArrayList<>();
    for (Active a : faults) {
      FaultSpec s = a.spec;
      if (!matchesTenant(s.tenant(), tenant)
          || !endpoint.selectedBy(s.endpoint())
          || (s.page() != null && s.page() != page)) {
        continue;
      }
      if (s.kind() == FaultKind.TOKEN_BUCKET) {
        long wait = a.take(tenant.name);
        if (wait > 0) {
          return new Decision(s, wait, modifiers);
        }
        continue;
      }
      if (!a.fire()) {
        continue;
      }
      switch (s.kind()) {
        case HTTP_429, HTTP_503, HTTP_5XX, GATEWAY_HTML -> {
          return new Decision(s, s.retryAfterSecondsOrDefault(), modifiers);
        }
        default -> modifiers.add(s);
      }
    }
    return modifiers.isEmpty() ? Decision.NONE : new Decision(null, 0, modifiers);
  }

  private static boolean matchesTenant(String selector, TenantData tenant) {
    return selector == null
        || selector.equals("*")
        || selector.equalsIgnoreCase(tenant.name)
        || selector.equalsIgnoreCase(tenant.id);
  }
}
