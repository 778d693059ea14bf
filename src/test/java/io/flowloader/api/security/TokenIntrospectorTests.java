package io.flowloader.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.api.ApiProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

class TokenIntrospectorTests {

  private static TokenIntrospector introspector(List<String> full, List<String> read) {
    return new TokenIntrospector(ApiTokens.of(new ApiProperties(full, read)));
  }

  private static List<String> authorities(OAuth2AuthenticatedPrincipal principal) {
    return principal.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
  }

  @Test
  void fullTokensReadAndTriggerReadTokensOnlyRead() {
    TokenIntrospector tokens = introspector(List.of("full-1", " full-2 "), List.of("read-1"));
    assertThat(authorities(tokens.introspect("full-1"))).containsExactly("read", "trigger");
    assertThat(authorities(tokens.introspect("full-2"))).containsExactly("read", "trigger");
    assertThat(authorities(tokens.introspect("read-1"))).containsExactly("read");
    // The principal's name identifies the token by position, never by its value.
    assertThat(tokens.introspect("full-2").getName()).isEqualTo("token-2");
    assertThat(tokens.introspect("read-1").getName()).isEqualTo("read-token-1");
  }

  @Test
  void anythingElseIsABadToken() {
    TokenIntrospector tokens = introspector(List.of("full-1"), List.of("read-1"));
    for (String wrong : List.of("full-", "full-11", "FULL-1", "read-", " full-1", "", "x")) {
      assertThatThrownBy(() -> tokens.introspect(wrong))
          .as(wrong)
          .isInstanceOf(BadOpaqueTokenException.class)
          .hasMessageNotContaining("full-1");
    }
  }

  @Test
  void aTokenInBothListsKeepsItsFullScopes() {
    TokenIntrospector tokens = introspector(List.of("both"), List.of("both"));
    assertThat(authorities(tokens.introspect("both"))).containsExactly("read", "trigger");
  }

  @Test
  void withoutAFullTokenTheServiceRefusesToStart() {
    for (List<String> full : List.of(List.<String>of(), List.of(""), List.of(" ", ""))) {
      assertThatThrownBy(() -> ApiTokens.of(new ApiProperties(full, List.of("read-only"))))
          .isInstanceOf(MissingApiTokensException.class)
          .hasMessageContaining("flowloader.api.tokens")
          .hasMessageContaining("FLOWLOADER_API_TOKENS");
    }
  }

  @Test
  void aTokenNoClientCouldSendIsRefusedWithoutBeingRepeated() {
    assertThatThrownBy(() -> ApiTokens.of(new ApiProperties(List.of("ok", "se cret!"), List.of())))
        .isInstanceOf(InvalidApiTokenException.class)
        .hasMessageContaining("#2 of flowloader.api.tokens")
        .hasMessageNotContaining("se cret!");
    assertThatThrownBy(() -> ApiTokens.of(new ApiProperties(List.of("ok"), List.of("a\"b"))))
        .isInstanceOf(InvalidApiTokenException.class)
        .hasMessageContaining("flowloader.api.read-tokens");
    // RFC 6750 b64token: letters, digits, - . _ ~ + / and trailing '=' padding.
    TokenIntrospector tokens = introspector(List.of("aZ09-._~+/=="), List.of());
    assertThat(authorities(tokens.introspect("aZ09-._~+/=="))).contains("trigger");
  }
}
