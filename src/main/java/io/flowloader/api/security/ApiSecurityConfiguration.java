package io.flowloader.api.security;

import io.flowloader.api.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what, through Spring Security's filter chain (and its {@code StrictHttpFirewall},
 * which rejects ambiguous spellings such as path parameters or encoded separators with 400 before
 * any chain or controller sees them).
 *
 * <ul>
 *   <li>API port: every request needs a bearer token from {@code flowloader.api.tokens} or {@code
 *       flowloader.api.read-tokens}; {@code GET}/{@code HEAD} need the {@code read} scope, any
 *       other method {@code trigger} (full tokens only). This includes {@code /v3/api-docs}.
 *   <li>Management port: the health endpoint (and its liveness/readiness groups) and {@code
 *       prometheus} are open for probes and scrapes; health shows components and details only to a
 *       token holder ({@code show-details: when-authorized}); everything else needs a token.
 * </ul>
 *
 * With a separate management port Boot runs the actuator in a child context whose servlet filter
 * delegates to this same filter chain; {@link EndpointRequest} matches only requests of that
 * context, so the API port never serves actuator paths without a token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

  @Bean
  TokenIntrospector apiTokenIntrospector(ApiProperties properties) {
    ApiTokens tokens = ApiTokens.of(properties);
    log.info("HTTP API: {} bearer token(s) configured", tokens.size());
    return new TokenIntrospector(tokens);
  }

  @Bean
  RequestRejectedHandler problemRequestRejectedHandler() {
    return ProblemResponses.rejected();
  }

  @Bean
  @Order(1)
  SecurityFilterChain managementSecurityFilterChain(HttpSecurity http, TokenIntrospector tokens)
      throws Exception {
    http.securityMatcher(EndpointRequest.toAnyEndpoint())
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(EndpointRequest.to("health", "prometheus"))
                    .permitAll()
                    .anyRequest()
                    .hasAuthority(Scope.READ.authority()));
    return common(http, tokens).build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, TokenIntrospector tokens)
      throws Exception {
    http.authorizeHttpRequests(
        requests ->
            requests
                .requestMatchers(HttpMethod.GET)
                .hasAuthority(Scope.READ.authority())
                .requestMatchers(HttpMethod.HEAD)
                .hasAuthority(Scope.READ.authority())
                .anyRequest()
                .hasAuthority(Scope.TRIGGER.authority()));
    return common(http, tokens).build();
  }

  /** Stateless bearer-token authentication; no session, cookie, CSRF token or login form. */
  private static HttpSecurity common(HttpSecurity http, TokenIntrospector tokens) throws Exception {
    return http.oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .opaqueToken(opaque -> opaque.introspector(tokens))
                    .authenticationEntryPoint(ProblemResponses.unauthorized())
                    .accessDeniedHandler(ProblemResponses.forbidden()))
        .exceptionHandling(
            exceptions ->
                exceptions
                    .authenticationEntryPoint(ProblemResponses.unauthorized())
                    .accessDeniedHandler(ProblemResponses.forbidden()))
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(cache -> cache.disable())
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .headers(Customizer.withDefaults());
  }
}
