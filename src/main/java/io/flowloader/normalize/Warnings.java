package io.flowloader.normalize;

import io.flowloader.normalize.NormalizeWarning.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link NormalizeWarning}s of one load: how often each (kind, table, column) happened. */
final class Warnings {

  private record Key(Kind kind, String table, String column) {}

  private final Map<Key, Long> counts = new LinkedHashMap<>();

  void add(Kind kind, String table, String column) {
    counts.merge(new Key(kind, table, column), 1L, Long::sum);
  }

  List<NormalizeWarning> list() {
    List<NormalizeWarning> out = new ArrayList<>(counts.size());
    counts.forEach((k, n) -> out.add(new NormalizeWarning(k.kind(), k.table(), k.column(), n)));
    return out;
  }
}
