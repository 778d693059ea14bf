package io.flowloader.api;

import java.net.URI;

/**
 * Bounds what an error detail repeats of the caller's input: a 1 MB tenant name must not come back
 * whole in a 404 (a reflection amplifier and a log-flooding vector).
 */
final class Echo {

  /** Characters of user input an error detail repeats at most. */
  static final int LIMIT = 200;

  /** Length of a whole detail: the input's {@link #LIMIT} and a sentence around it. */
  static final int DETAIL_LIMIT = LIMIT + 60;

  private Echo() {}

  /** {@code text} itself, or its first {@link #LIMIT} characters and a note of the rest. */
  static String clip(String text) {
    return clip(text, LIMIT);
  }

  /** {@code text} itself, or its first {@code limit} characters and a note of the rest. */
  static String clip(String text, int limit) {
    if (text == null || text.length() <= limit) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
  }

  /**
   * A request path (as sent, percent-encoded) as a problem's {@code instance}, cut to {@link
   * #LIMIT} characters (never inside a {@code %xx} escape); {@code /} if it is no valid URI.
   */
  static URI path(String requestUri) {
    String path = requestUri == null ? "/" : requestUri;
    if (path.length() > LIMIT) {
      int end = LIMIT;
      int percent = path.lastIndexOf('%', end - 1);
      if (percent >= 0 && percent > end - 3) {
        end = percent;
      }
      path = path.substring(0, end);
    }
    try {
      return URI.create(path);
    } catch (IllegalArgumentException e) {
      return URI.create("/");
    }
  }
}
