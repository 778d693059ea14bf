package io.flowloader.api.security;

import io.flowloader.api.ApiProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured tokens, kept only as SHA-256 digests. A presented token is digested and compared
 * with every known digest by {@link MessageDigest#isEqual} (no early exit), so neither the content
 * nor the length of a valid token leaks through response timing.
 */
final class ApiTokens {

  /** RFC 6750 {@code b64token}, as Spring Security's bearer token resolver accepts it. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  /** One known token: its digest, its scopes and a name for logs (never the token). */
  record Known(byte[] digest, Set<Scope> scopes, String name) {}

  private final List<Known> known;

  private ApiTokens(List<Known> known) {
    this.known = List.copyOf(known);
  }

  /**
   * The tokens of {@code properties}.
   *
   * @throws MissingApiTokensException without a full token
   * @throws InvalidApiTokenException for a token no client could send as a bearer token
   */
  static ApiTokens of(ApiProperties properties) {
    List<Known> known = new ArrayList<>();
    add(known, properties.tokens(), "flowloader.api.tokens", Set.of(Scope.READ, Scope.TRIGGER));
    if (known.isEmpty()) {
      throw new MissingApiTokensException();
    }
    add(known, properties.readTokens(), "flowloader.api.read-tokens", Set.of(Scope.READ));
    return new ApiTokens(known);
  }

  private static void add(List<Known> into, List<String> tokens, String property, Set<Scope> s) {
    int position = 0;
    for (String raw : tokens) {
      position++;
      String token = raw == null ? "" : raw.strip();
      if (token.isEmpty()) {
        continue;
      }
      if (!B64TOKEN.matcher(token).matches()) {
        throw new InvalidApiTokenException(property, position);
      }
      String name = (s.contains(Scope.TRIGGER) ? "token-" : "read-token-") + position;
      into.add(new Known(sha256(token), s, name));
    }
  }

  /** The known token equal to {@code presented}; every known digest is compared. */
  Optional<Known> match(String presented) {
    byte[] digest = sha256(presented);
    Known found = null;
    for (Known k : known) {
      if (MessageDigest.isEqual(k.digest(), digest) && found == null) {
        found = k;
      }
    }
    return Optional.ofNullable(found);
  }

  int size() {
    return known.size();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
