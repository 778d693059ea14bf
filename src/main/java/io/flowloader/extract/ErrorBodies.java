package io.flowloader.extract;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an error response body into the API's own message: a JSON-encoded string ({@code "Flow not
 * found"}), an ApiProblem's {@code message}, a 403's {@code failedRequirement}, a problem+json's
 * {@code detail}/{@code title}, or a summary of an HTML page (its title and the start of its text).
 */
final class ErrorBodies {

  static final int MAX_BYTES = 64 * 1024;
  private static final int MAX_CHARS = 300;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

  private ErrorBodies() {}

  static String summarise(byte[] body, String contentType) {
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return "(empty body)";
    }
    boolean html =
        (contentType != null && contentType.toLowerCase().contains("html"))
            || text.regionMatches(true, 0, "<!doctype html", 0, 14)
            || text.regionMatches(true, 0, "<html", 0, 5);
    if (html) {
      return html(text);
    }
    if (text.startsWith("\"") || text.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(text);
        if (node.isString()) {
          return shorten(node.asString());
        }
        for (String field : new String[] {"message", "failedRequirement", "detail", "title"}) {
          JsonNode v = node.get(field);
          if (v != null && v.isValueNode() && !v.isNull()) {
            return shorten(
                field.equals("failedRequirement")
                    ? "failed requirement " + v.asString()
                    : v.asString());
          }
        }
        return shorten(node.toString());
      } catch (RuntimeException notJson) {
        // Fall through: show it as text.
      }
    }
    return shorten(text);
  }

  private static String html(String text) {
    Matcher m = TITLE.matcher(text);
    String title = m.find() ? collapse(m.group(1)) : "";
    String body =
        collapse(
            text.replaceAll("(?is)<(script|style|title)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?s)<[^>]+>", " ")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">"));
    if (!title.isEmpty() && body.startsWith(title)) {
      body = body.substring(title.length()).trim();
    }
    String summary = title.isEmpty() ? body : body.isEmpty() ? title : title + ": " + body;
    return "HTML page: " + shorten(summary);
  }

  private static String collapse(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  private static String shorten(String s) {
    String c = collapse(s);
    return c.length() <= MAX_CHARS ? c : c.substring(0, MAX_CHARS) + "…";
  }
}
