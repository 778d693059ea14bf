package io.flowloader.normalize;

import java.util.ArrayList;
import java.util.List;

/** One raw key at one path: its normalized piece, column name, nested path and child table. */
final class KeyInfo {
  final PathNode owner;
  final String raw;
  final String normKey;
  final String column;
  final boolean underscoreOnly;
  private PathNode child;
  private TableNames childTable;

  KeyInfo(PathNode owner, String raw) {
    this.owner = owner;
    this.raw = raw;
    String norm = NamingConvention.isBlank(raw) ? "" : NamingConvention.normalizePath(raw);
    this.underscoreOnly = norm.isEmpty() && !NamingConvention.isBlank(raw);
    this.normKey = norm.isEmpty() ? NamingConvention.EMPTY_KEY : norm;
    if (owner.fragments.isEmpty()) {
      this.column = normKey;
    } else {
      List<String> parts = new ArrayList<>(owner.fragments);
      parts.add(normKey);
      this.column = NamingConvention.join(parts);
    }
  }

  PathNode child() {
    if (child == null) {
      List<String> parts = new ArrayList<>(owner.fragments);
      parts.add(normKey);
      child = new PathNode(List.copyOf(parts));
    }
    return child;
  }

  TableNames childTable(TableNames table) {
    if (childTable == null) {
      List<String> parts = new ArrayList<>(table.fragments);
      parts.addAll(owner.fragments);
      parts.add(normKey);
      childTable = new TableNames(NamingConvention.join(parts), table.name, List.copyOf(parts));
    }
    return childTable;
  }
}
