package io.flowloader.ui;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter.Directive;

/**
 * The inspector's own filter chain, ahead of the API's: the pages under {@code /ui} sign in with an
 * API token through Spring Security's form login ({@link TokenSignIn} checks it with the API's
 * token introspector, so the same tokens and scopes apply) and then ride on the servlet session:
 * its cookie is HttpOnly and SameSite=Strict, Secure whenever the request came over TLS, and it
 * ends after {@code server.servlet.session.timeout} of inactivity. Every state-changing form
 * carries a CSRF token. Reading needs {@code read}, starting a load {@code trigger}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class UiSecurityConfiguration {

  static final String SIGN_IN = "/ui/signin";

  @Bean
  @Order(0)
  SecurityFilterChain inspectorSecurityFilterChain(
      HttpSecurity http, OpaqueTokenIntrospector tokens) throws Exception {
    http.securityMatcher("/ui", "/ui/**")
        .authenticationManager(new ProviderManager(new TokenSignIn(tokens)))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/ui/inspector.css", SIGN_IN, "/ui/denied")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/ui/loads")
                    .hasAuthority(TokenSignIn.TRIGGER)
                    .anyRequest()
                    .hasAuthority(TokenSignIn.READ))
        .formLogin(
            form ->
                form.loginPage(SIGN_IN)
                    .loginProcessingUrl(SIGN_IN)
                    .passwordParameter("token")
                    .defaultSuccessUrl("/ui", false)
                    .failureUrl(SIGN_IN + "?error"))
        .logout(
            logout ->
                logout
                    .logoutUrl("/ui/signout")
                    .logoutSuccessUrl(SIGN_IN + "?signedout")
                    .invalidateHttpSession(true)
                    .deleteCookies("JSESSIONID")
                    .addLogoutHandler(
                        new HeaderWriterLogoutHandler(
                            new ClearSiteDataHeaderWriter(Directive.COOKIES, Directive.STORAGE))))
        .exceptionHandling(exceptions -> exceptions.accessDeniedPage("/ui/denied"))
        .httpBasic(AbstractHttpConfigurer::disable)
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp ->
                        csp.policyDirectives(
                            "default-src 'none'; style-src 'self'; img-src 'self';"
                                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'")));
    return http.build();
  }
}
