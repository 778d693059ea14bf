package io.flowloader.normalize;

import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/**
 * The row being built: names in first-set order, later sets overwrite in place (dlt's dict
 * semantics). Values are source {@link JsonNode}s or lineage values made here (String, Long, {@link
 * RowId}).
 */
final class RowBuffer {
  String[] names = new String[32];
  int[] hashes = new int[32];
  Object[] values = new Object[32];
  int size;

  // Open-addressing index of names: slot -> position + 1, valid where stamp == generation, so
  // clearing a row is one increment.
  private int[] slots = new int[128];
  private int[] stamps = new int[128];
  private int generation = 1;

  void clear() {
    Arrays.fill(values, 0, size, null);
    size = 0;
    if (++generation == 0) {
      Arrays.fill(stamps, 0);
      generation = 1;
    }
  }

  int indexOf(String name) {
    int h = name.hashCode();
    int mask = slots.length - 1;
    for (int s = spread(h) & mask; stamps[s] == generation; s = (s + 1) & mask) {
      int i = slots[s] - 1;
      String n = names[i];
      if (n == name || (hashes[i] == h && n.equals(name))) {
        return i;
      }
    }
    return -1;
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x9E3779B9 >>> 7;
  }

  private void index(int position) {
    int mask = slots.length - 1;
    int s = spread(hashes[position]) & mask;
    while (stamps[s] == generation) {
      s = (s + 1) & mask;
    }
    stamps[s] = generation;
    slots[s] = position + 1;
  }

  /** Sets a value; returns true when the name already held a non-null value. */
  boolean set(String name, Object value) {
    int i = indexOf(name);
    if (i >= 0) {
      Object old = values[i];
      values[i] = value;
      return old != null && !(old instanceof JsonNode n && n.isNull());
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    hashes[size] = name.hashCode();
    values[size] = value;
    size++;
    if (size * 4 > slots.length) {
      // keep the index at most a quarter full: rebuild it twice as large
      slots = new int[slots.length * 2];
      stamps = new int[slots.length];
      generation = 1;
      for (int p = 0; p < size; p++) {
        index(p);
      }
    } else {
      index(size - 1);
    }
    return false;
  }
}
