package io.flowloader.ui;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Signs in to the inspector with an API token typed into its form: the token is checked by the
 * API's own introspector (the configured token lists, compared in constant time), and the session
 * keeps only the token's name and scopes ({@code read}, {@code trigger}), never the token itself.
 */
final class TokenSignIn implements AuthenticationProvider {

  static final String READ = "read";
  static final String TRIGGER = "trigger";

  private final OpaqueTokenIntrospector tokens;

  TokenSignIn(OpaqueTokenIntrospector tokens) {
    this.tokens = tokens;
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    Object credentials = authentication.getCredentials();
    String token = credentials == null ? "" : credentials.toString().strip();
    if (token.isEmpty()) {
      throw new BadCredentialsException("no token given");
    }
    OAuth2AuthenticatedPrincipal principal;
    try {
      principal = tokens.introspect(token);
    } catch (RuntimeException e) {
      // Whatever the introspector's reason, the answer is the same and never quotes the token.
      throw new BadCredentialsException("not a valid API token");
    }
    return UsernamePasswordAuthenticationToken.authenticated(
        principal.getName(), null, principal.getAuthorities());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
