package io.flowloader.api.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a token may do: every token reads, full tokens also trigger loads. */
enum Scope {
  /** The {@code GET} endpoints, OpenAPI document and the management port's details. */
  READ("read"),
  /** {@code POST /loads} (and any other non-reading method). */
  TRIGGER("trigger");

  private final String authority;

  Scope(String authority) {
    this.authority = authority;
  }

  String authority() {
    return authority;
  }

  GrantedAuthority granted() {
    return new SimpleGrantedAuthority(authority);
  }
}
