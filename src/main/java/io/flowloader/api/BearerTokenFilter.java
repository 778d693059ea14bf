package io.flowloader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} on the load API. Tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so neither the content nor the length of a valid
 * token leaks through response timing; every configured token is compared on every request.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private final List<byte[]> tokenDigests;

  BearerTokenFilter(List<String> tokens) {
    this.tokenDigests =
        tokens.stream()
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .map(BearerTokenFilter::sha256)
            .toList();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.equals("/loads")
        || path.startsWith("/loads/")
        || path.equals("/tenants")
        || path.startsWith("/tenants/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null
        && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && valid(header.substring(7).strip())) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"boomi-flow-loader\"");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"a valid bearer token is required\",\"instance\":\""
                + jsonEscape(request.getRequestURI())
                + "\"}");
  }

  private boolean valid(String presented) {
    byte[] digest = sha256(presented);
    boolean match = false;
    for (byte[] known : tokenDigests) {
      match |= MessageDigest.isEqual(known, digest);
    }
    return match;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
