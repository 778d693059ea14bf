package io.flowloader.normalize;

import java.util.List;

/** Naming cache of one table: its path pieces and the names of its keys at every object level. */
final class TableNames {
  final String name;
  final String parentName;
  final List<String> fragments;
  final PathNode root = new PathNode(List.of());
  TableState state;
  TableHints hints;
  boolean hintsResolved;

  TableNames(String name, String parentName, List<String> fragments) {
    this.name = name;
    this.parentName = parentName;
    this.fragments = fragments;
  }
}
