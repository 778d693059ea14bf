package io.flowloader.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Resources in dependency order, parents first; reports missing parents and cycles. */
final class ResourceOrder {

  private final Map<String, ResourceDefinition> byName;
  private final SourceChecks checks;
  private final Set<String> done = new HashSet<>();
  private final Set<String> reported = new HashSet<>();
  private final List<ResourceDefinition> out = new ArrayList<>();

  private ResourceOrder(Map<String, ResourceDefinition> byName, SourceChecks checks) {
    this.byName = byName;
    this.checks = checks;
  }

  static List<ResourceDefinition> of(Map<String, ResourceDefinition> byName, SourceChecks checks) {
    for (ResourceDefinition r : byName.values()) {
      if (r.parent() != null && !byName.containsKey(r.parent())) {
        checks.add(
            "resource " + r.name() + ": parent resource '" + r.parent() + "' does not exist");
      }
    }
    ResourceOrder order = new ResourceOrder(byName, checks);
    byName.values().forEach(r -> order.visit(r, new ArrayDeque<>()));
    return order.out;
  }

  private void visit(ResourceDefinition r, Deque<String> chain) {
    if (done.contains(r.name())) {
      return;
    }
    if (chain.contains(r.name())) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (Iterator<String> it = chain.descendingIterator(); it.hasNext(); ) {
        String n = it.next();
        in |= n.equals(r.name());
        if (in) {
          cycle.add(n);
        }
      }
      cycle.add(r.name());
      if (reported.add(new TreeSet<>(cycle).toString())) {
        checks.add("dependency cycle between resources: " + String.join(" -> ", cycle));
      }
      return;
    }
    chain.push(r.name());
    ResourceDefinition parent = r.parent() == null ? null : byName.get(r.parent());
    if (parent != null) {
      visit(parent, chain);
    }
    chain.pop();
    if (done.add(r.name())) {
      out.add(r);
    }
  }
}
