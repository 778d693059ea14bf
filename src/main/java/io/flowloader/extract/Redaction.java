package io.flowloader.extract;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of messages: URLs are shown as path plus query with sensitive parameters
 * masked, and any known secret value is replaced by {@code ***} wherever it appears.
 */
final class Redaction {

  private static final Pattern SENSITIVE =
      Pattern.compile(
          "(?i).*(api[_-]?key|apikey|token|secret|password|passwd|signature|sig|auth|key).*");

  private final List<String> secrets;
  private final Collection<String> sensitiveParams;

  Redaction(Collection<String> secrets, Collection<String> sensitiveParams) {
    this.secrets = new ArrayList<>();
    for (String s : secrets) {
      if (s != null && !s.isEmpty()) {
        this.secrets.add(s);
      }
    }
    this.sensitiveParams = sensitiveParams;
  }

  /** Path and query of {@code uri} (no scheme, host or user info), sensitive values masked. */
  String url(URI uri) {
    StringBuilder out = new StringBuilder(uri.getRawPath() == null ? "" : uri.getRawPath());
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      out.append('?');
      String[] parts = query.split("&");
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        int eq = part.indexOf('=');
        String name = eq < 0 ? part : part.substring(0, eq);
        if (i > 0) {
          out.append('&');
        }
        if (eq >= 0 && (SENSITIVE.matcher(name).matches() || sensitiveParams.contains(name))) {
          out.append(name).append("=***");
        } else {
          out.append(part);
        }
      }
    }
    return text(out.toString());
  }

  /** {@code text} with every known secret (and its URL-encoded form) replaced by {@code ***}. */
  String text(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "***");
      String encoded = java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
      if (!encoded.equals(s)) {
        out = out.replace(encoded, "***");
      }
    }
    return out;
  }
}
