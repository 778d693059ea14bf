package io.flowloader.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security chain's answers as {@code application/problem+json}, like the API's own errors.
 * Spring Security's bearer-token handlers set the status and the RFC 6750 {@code WWW-Authenticate}
 * header; these add the body. Bodies never echo the request (path, headers or token).
 */
final class ProblemResponses {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemResponses() {}

  /** 401 with {@code WWW-Authenticate: Bearer ...}. */
  static AuthenticationEntryPoint unauthorized() {
    BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    bearer.setRealmName("boomi-flow-loader");
    return (request, response, e) -> {
      bearer.commence(request, response, e);
      write(response, HttpStatus.UNAUTHORIZED, detail(e));
    };
  }

  /** 403: a valid token without the scope (a read-only token on {@code POST /loads}). */
  static AccessDeniedHandler forbidden() {
    BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
    bearer.setRealmName("boomi-flow-loader");
    return (request, response, e) -> {
      bearer.handle(request, response, e);
      write(response, HttpStatus.FORBIDDEN, detail(e));
    };
  }

  /** 400 for a request the firewall rejected (path parameters, encoded separators, ...). */
  static RequestRejectedHandler rejected() {
    return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) ->
        write(
            response,
            HttpStatus.BAD_REQUEST,
            "the request's URL or headers are spelled ambiguously (path parameters, encoded"
                + " separators or dots, '..' segments, control characters) and were rejected");
  }

  private static String detail(AuthenticationException e) {
    return "a valid bearer token is required (Authorization: Bearer <token>)";
  }

  private static String detail(AccessDeniedException e) {
    return "this token may not do this (read-only tokens cannot trigger loads)";
  }

  static void write(HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }
}
