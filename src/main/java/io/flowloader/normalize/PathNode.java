package io.flowloader.normalize;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/** The keys met at one object path inside a row, with their normalized names. */
final class PathNode {
  final List<String> fragments;
  final HashMap<String, KeyInfo> keys = new HashMap<>();

  PathNode(List<String> fragments) {
    this.fragments = fragments;
  }

  /** The key seen at each position of the last object here: records mostly repeat their shape. */
  private KeyInfo[] atPosition = new KeyInfo[8];

  KeyInfo key(String raw) {
    KeyInfo k = keys.get(raw);
    if (k == null) {
      k = new KeyInfo(this, raw);
      keys.put(raw, k);
    }
    return k;
  }

  /**
   * {@link #key(String)} of the key at {@code position} of an object: the key at the same position
   * last time is checked first (the parser hands out the same name instances, so usually by
   * identity) before the map.
   */
  KeyInfo key(String raw, int position) {
    KeyInfo[] last = atPosition;
    if (position < last.length) {
      KeyInfo k = last[position];
      if (k != null && (k.raw == raw || k.raw.equals(raw))) {
        return k;
      }
    } else if (position < 256) {
      atPosition = last = Arrays.copyOf(last, Math.max(position + 1, last.length * 2));
    } else {
      return key(raw);
    }
    KeyInfo k = key(raw);
    last[position] = k;
    return k;
  }
}
