package io.flowloader.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A bar chart drawn as inline SVG by the page itself (no script, no library): one bar per load,
 * oldest left. Coordinates are computed here so the template only places rectangles.
 *
 * @param title what the bars measure, with the unit
 * @param max the largest value (the top of the scale)
 */
record Chart(String title, String max, List<Bar> bars) {

  static final int WIDTH = 600;
  static final int HEIGHT = 120;
  static final int MAX_SLOT = 40;

  /** One bar; {@code label} is its tooltip and accessible text. */
  record Bar(int x, int y, int width, int height, String status, String label, String href) {}

  public boolean empty() {
    return bars.isEmpty();
  }

  static <T> Chart of(
      String title,
      List<T> oldestFirst,
      ToDoubleFunction<T> value,
      java.util.function.Function<T, String> status,
      java.util.function.Function<T, String> label,
      java.util.function.Function<T, String> href,
      java.util.function.DoubleFunction<String> format) {
    double max = 0;
    for (T item : oldestFirst) {
      max = Math.max(max, value.applyAsDouble(item));
    }
    List<Bar> bars = new ArrayList<>();
    int n = oldestFirst.size();
    if (n == 0) {
      return new Chart(title, format.apply(0), bars);
    }
    int slot = Math.min(WIDTH / n, MAX_SLOT);
    int width = Math.max(1, slot - Math.max(1, slot / 5));
    for (int i = 0; i < n; i++) {
      T item = oldestFirst.get(i);
      double v = value.applyAsDouble(item);
      int height = max <= 0 ? 0 : (int) Math.round(v / max * (HEIGHT - 4));
      height = Math.max(height, v > 0 ? 2 : 1);
      bars.add(
          new Bar(
              i * slot,
              HEIGHT - height,
              width,
              height,
              status.apply(item),
              label.apply(item) + ": " + format.apply(v),
              href.apply(item)));
    }
    return new Chart(title, format.apply(max), bars);
  }
}
