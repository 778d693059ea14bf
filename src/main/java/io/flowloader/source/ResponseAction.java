package io.flowloader.source;

/**
 * A rule on a response (dlt {@code response_actions}): when the status matches ({@code null}: any)
 * and the body contains {@code content} ({@code null}: anything), apply the action. {@code content}
 * is matched ignoring whitespace, so {@code '"statusCode":"401"'} matches a pretty-printed body
 * too. Actions: {@code ignore} (treat as an empty page), {@code retry} (retry like a 5xx) and
 * {@code fail}.
 */
public record ResponseAction(Integer statusCode, String content, Action action) {

  /** What to do with a matching response. */
  public enum Action {
    IGNORE,
    RETRY,
    FAIL
  }
}
