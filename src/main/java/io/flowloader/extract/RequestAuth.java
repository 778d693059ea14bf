package io.flowloader.extract;

import io.flowloader.source.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The client's {@link AuthConfig} bound to one tenant: the header or query parameter it adds to
 * every request, and the values that must be redacted wherever a URL or message is shown.
 *
 * @param headers headers to send (name → value)
 * @param queryParams query parameters to send (name → value)
 * @param secrets values never to show
 * @param sensitiveParams query parameter names whose values are never shown
 */
record RequestAuth(
    Map<String, String> headers,
    Map<String, String> queryParams,
    List<String> secrets,
    List<String> sensitiveParams) {

  private static final RequestAuth NONE = new RequestAuth(Map.of(), Map.of(), List.of(), List.of());

  /** {@code auth} (may be null: no auth) with its {@code {tenant.*}} placeholders bound. */
  static RequestAuth bind(AuthConfig auth, UnaryOperator<String> bindTenant) {
    if (auth instanceof AuthConfig.ApiKey k) {
      String key = bindTenant.apply(k.apiKey());
      Map<String, String> pair = Collections.singletonMap(k.name(), key);
      boolean query = k.location() == AuthConfig.Location.QUERY;
      return new RequestAuth(
          query ? Map.of() : pair,
          query ? pair : Map.of(),
          Collections.singletonList(key),
          List.of(k.name()));
    }
    if (auth instanceof AuthConfig.Bearer b) {
      String token = bindTenant.apply(b.token());
      return authorization("Bearer " + token, token);
    }
    if (auth instanceof AuthConfig.HttpBasic b) {
      String password = bindTenant.apply(b.password());
      String pair = bindTenant.apply(b.username()) + ":" + password;
      return authorization(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
          password);
    }
    return NONE;
  }

  private static RequestAuth authorization(String value, String secret) {
    return new RequestAuth(
        Map.of("Authorization", value), Map.of(), Collections.singletonList(secret), List.of());
  }
}
