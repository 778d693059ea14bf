package io.flowloader.api.security;

import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Spring Security's opaque-token check, answered from the configured token list instead of an
 * authorization server: a known token becomes a principal with its scopes as authorities ({@code
 * read}, {@code trigger}); anything else is a bad token (401).
 */
final class TokenIntrospector implements OpaqueTokenIntrospector {

  private final ApiTokens tokens;

  TokenIntrospector(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public OAuth2AuthenticatedPrincipal introspect(String token) {
    ApiTokens.Known known =
        tokens.match(token).orElseThrow(() -> new BadOpaqueTokenException("unknown bearer token"));
    return new DefaultOAuth2AuthenticatedPrincipal(
        known.name(),
        Map.of("sub", known.name(), "active", true),
        List.copyOf(known.scopes().stream().sorted().map(Scope::granted).toList()));
  }
}
