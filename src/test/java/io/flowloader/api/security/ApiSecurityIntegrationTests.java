package io.flowloader.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.RequestLogEntry;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API's authentication against the running service over real HTTP, with a client that sends
 * each spelling byte for byte: a corpus of path and header spellings that must never reach a
 * controller or start a load without a valid token, read-only tokens, the management port, and the
 * limits on what an error repeats.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=" + ApiSecurityIntegrationTests.FULL,
      "flowloader.api.read-tokens=" + ApiSecurityIntegrationTests.READ,
      "flowloader.http.requests-per-second=200"
    })
class ApiSecurityIntegrationTests {

  static final String FULL = "full-token-3f9a1c";
  static final String READ = "read-token-77b2e0";
  static final String LOAD_BODY = "{\"tenant\":\"acme\",\"resources\":[\"users\"]}";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, "acme", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "sec_acme");
  }

  /** Counts controller invocations and records the request URI as the servlet container saw it. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Observers implements WebMvcConfigurer {
    static final AtomicInteger CONTROLLER_CALLS = new AtomicInteger();
    static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
      registry.addInterceptor(
          new HandlerInterceptor() {
            @Override
            public boolean preHandle(
                HttpServletRequest request, HttpServletResponse response, Object handler) {
              if (handler instanceof HandlerMethod m
                  && m.getBeanType().getPackageName().equals("io.flowloader.api")) {
                CONTROLLER_CALLS.incrementAndGet();
              }
              return true;
            }
          });
    }

    @Bean
    FilterRegistrationBean<Filter> rawUriRecorder() {
      FilterRegistrationBean<Filter> bean =
          new FilterRegistrationBean<>(
              (request, response, chain) -> {
                HttpServletRequest r = (HttpServletRequest) request;
                SEEN.add(
                    r.getRequestURI()
                        + (r.getQueryString() == null ? "" : "?" + r.getQueryString()));
                chain.doFilter(request, response);
              });
      bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return bean;
    }
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void clear() {
    Observers.SEEN.clear();
  }

  /** One spelling: method, request target, extra headers, body, and the status it must get. */
  record Case(String method, String target, List<String> headers, String body, int status) {
    @Override
    public String toString() {
      return method + " " + target + (headers.isEmpty() ? "" : " " + headers) + " -> " + status;
    }
  }

  static Case c(String method, String target, int status, String... headers) {
    return new Case(
        method, target, List.of(headers), method.equals("POST") ? LOAD_BODY : null, status);
  }

  static String bearer(String token) {
    return "Authorization: Bearer " + token;
  }

  static Stream<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    // The plain paths without a token.
    for (String path : List.of("/loads", "/tenants", "/loads/1234.5", "/v3/api-docs", "/")) {
      cases.add(c("GET", path, 401));
    }
    cases.add(c("POST", "/loads", 401));
    // Path parameters on every segment, raw and encoded.
    for (String path :
        List.of(
            "/loads;x=1",
            "/tenants;a=b",
            "/;x=1/loads",
            "/loads;x=1/1234.5",
            "/loads/1234.5;x=1",
            "/loads;",
            "/loads%3bx=1",
            "/loads%3Bx=1",
            "/tenants%3b")) {
      cases.add(c("GET", path, 400));
      cases.add(c("POST", path, 400));
    }
    // Percent-encoded letters and case variants: decoded by the container, still need a token.
    for (String path :
        List.of(
            "/%74enants",
            "/%6Coads",
            "/%6coads/1234.5",
            "/tenant%73",
            "/%4Coads",
            "/TENANTS",
            "/Loads",
            "/LOADS/1234.5")) {
      cases.add(c("GET", path, 401));
    }
    cases.add(c("POST", "/%6Coads", 401));
    cases.add(c("POST", "/LOADS", 401));
    // Encoded slash, backslash, dot and percent; double encoding.
    for (String path :
        List.of(
            "/loads%2f1234.5",
            "/loads%2F1234.5",
            "/%2Ftenants",
            "/loads%5c1234.5",
            "/loads%5C1234.5",
            "/%2e/tenants",
            "/%2E/tenants",
            "/x/%2e%2e/tenants",
            "/loads/%2e%2e/tenants",
            "/%2574enants",
            "/loads%252f1234.5",
            "/%252e%252e/tenants",
            "/loads%25",
            "/tenants%00",
            "/tenants%00.json",
            "/loads%0d%0aX-Injected:%20yes")) {
      cases.add(c("GET", path, 400));
    }
    cases.add(c("POST", "/loads%2f", 400));
    cases.add(c("POST", "/%2e/loads", 400));
    // '..' and '.' segments, double slashes, backslash, raw.
    for (String path :
        List.of(
            "/x/../tenants",
            "/loads/../tenants",
            "/./tenants",
            "/tenants/.",
            "/loads/..",
            "/..;/tenants",
            "//tenants",
            "/loads//1234.5",
            "/loads\\1234.5")) {
      cases.add(c("GET", path, 400));
    }
    cases.add(c("POST", "/x/../loads", 400));
    cases.add(c("POST", "//loads", 400));
    // Trailing slashes and dots, suffixes, absolute-form target.
    for (String path :
        List.of("/tenants/", "/loads/", "/tenants.", "/tenants..", "/loads.json", "/tenants%20")) {
      cases.add(c("GET", path, 401));
    }
    cases.add(c("POST", "/loads/", 401));
    cases.add(c("GET", "http://127.0.0.1:{port}/tenants", 401));
    cases.add(c("GET", "http://other.example/tenants", 400));
    // Method tricks: overrides are not honoured, every method needs a token.
    cases.add(c("POST", "/loads", 401, "X-HTTP-Method-Override: GET"));
    cases.add(c("GET", "/loads", 401, "X-HTTP-Method-Override: POST"));
    cases.add(c("POST", "/loads", 401, "X-HTTP-Method: GET", "X-Method-Override: GET"));
    for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")) {
      cases.add(new Case(method, "/loads", List.of(), null, 401));
    }
    // Rewriting headers some proxies and frameworks honour.
    cases.add(c("GET", "/tenants", 401, "X-Original-URL: /actuator/health"));
    cases.add(c("GET", "/tenants", 401, "X-Rewrite-URL: /actuator/health"));
    cases.add(c("POST", "/loads", 401, "X-Original-URL: /actuator/prometheus"));
    cases.add(c("GET", "/tenants", 401, "X-Forwarded-Prefix: /actuator"));
    cases.add(
        c(
            "GET",
            "/tenants",
            401,
            "X-Forwarded-For: 127.0.0.1",
            "X-Forwarded-Host: localhost",
            "X-Real-IP: 127.0.0.1"));
    // The token anywhere but a well-formed Authorization: Bearer header.
    cases.add(c("GET", "/tenants?access_token=" + FULL, 401));
    cases.add(c("POST", "/loads?access_token=" + FULL, 401));
    String basic =
        Base64.getEncoder().encodeToString((FULL + ":").getBytes(StandardCharsets.UTF_8));
    String basic2 =
        Base64.getEncoder().encodeToString((":" + FULL).getBytes(StandardCharsets.UTF_8));
    cases.add(c("GET", "/tenants", 401, "Authorization: Basic " + basic));
    cases.add(c("GET", "/tenants", 401, "Authorization: Basic " + basic2));
    cases.add(c("POST", "/loads", 401, "Authorization: Basic " + FULL));
    cases.add(c("GET", "/tenants", 401, "Authorization: " + FULL));
    cases.add(c("GET", "/tenants", 401, "Authorization: Token " + FULL));
    cases.add(c("GET", "/tenants", 401, "X-Api-Token: " + FULL, "Cookie: token=" + FULL));
    // One character added or removed, changed case, or a second token after it.
    cases.add(c("GET", "/tenants", 401, bearer(FULL + "x")));
    cases.add(c("POST", "/loads", 401, bearer(FULL + "x")));
    cases.add(c("GET", "/tenants", 401, bearer(FULL.substring(0, FULL.length() - 1))));
    cases.add(c("POST", "/loads", 401, bearer(FULL.substring(1))));
    cases.add(c("GET", "/tenants", 401, bearer(FULL.toUpperCase())));
    cases.add(c("GET", "/tenants", 401, bearer(FULL + " " + FULL)));
    cases.add(c("GET", "/tenants", 401, bearer(FULL + "," + FULL)));
    cases.add(c("GET", "/tenants", 401, bearer("")));
    cases.add(c("POST", "/loads", 401, "Authorization: Bearer  " + FULL));
    cases.add(c("POST", "/loads", 401, bearer("wrong"), bearer(FULL)));
    // A read-only token never triggers, whatever the spelling.
    cases.add(c("POST", "/loads", 403, bearer(READ)));
    cases.add(c("POST", "/%6Coads", 403, bearer(READ)));
    cases.add(c("POST", "/LOADS", 403, bearer(READ)));
    cases.add(c("POST", "/loads", 403, bearer(READ), "X-HTTP-Method-Override: GET"));
    cases.add(c("POST", "/loads;x=1", 400, bearer(READ)));
    cases.add(c("POST", "/loads%2f", 400, bearer(READ)));
    cases.add(c("POST", "/loads?access_token=" + FULL, 403, bearer(READ)));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void noSpellingReachesAControllerWithoutAValidToken(Case c) throws Exception {
    int controllerCalls = Observers.CONTROLLER_CALLS.get();
    long packages = packages();
    long simulatorSeq = lastSimulatorSeq();

    String target = c.target().replace("{port}", Integer.toString(port));
    RawHttp.Response response = RawHttp.send(port, c.method(), target, c.headers(), c.body());

    assertThat(response.status()).as(c + "\n" + response.body()).isEqualTo(c.status());
    if (!c.method().equals("HEAD")) {
      assertThat(response.header("Content-Type"))
          .as(c + ": " + response.body())
          .startsWith("application/problem+json");
      assertThat(response.body()).contains("\"status\":" + c.status());
      assertThat(response.body()).doesNotContain(FULL, READ);
    }
    if (c.status() == 401) {
      assertThat(response.header("WWW-Authenticate")).as(c.toString()).startsWith("Bearer");
    }
    // The spelling arrived as sent (where the container let it in at all).
    String sent = target.startsWith("http://") ? "/tenants" : target;
    assertThat(Observers.SEEN).allSatisfy(seen -> assertThat(seen).isEqualTo(sent));
    assertThat(Observers.CONTROLLER_CALLS.get()).as("controller calls").isEqualTo(controllerCalls);
    assertThat(packages()).as("load packages").isEqualTo(packages);
    assertThat(lastSimulatorSeq()).as("simulator requests").isEqualTo(simulatorSeq);
  }

  @Test
  void aReadOnlyTokenReadsButCannotTrigger() throws Exception {
    long packages = packages();
    for (String path :
        List.of("/loads", "/tenants", "/loads?tenant=acme&limit=5", "/v3/api-docs")) {
      RawHttp.Response ok = RawHttp.send(port, "GET", path, List.of(bearer(READ)), null);
      assertThat(ok.status()).as(path + ": " + ok.body()).isEqualTo(200);
    }
    RawHttp.Response denied =
        RawHttp.send(port, "POST", "/loads", List.of(bearer(READ)), LOAD_BODY);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.header("Content-Type")).startsWith("application/problem+json");
    assertThat(denied.header("WWW-Authenticate")).contains("insufficient_scope");
    assertThat(denied.body()).contains("read-only");
    assertThat(packages()).isEqualTo(packages);
    // The scheme is case-insensitive (RFC 7235); the full token triggers.
    RawHttp.Response tenants =
        RawHttp.send(port, "GET", "/tenants", List.of("Authorization: bearer " + FULL), null);
    assertThat(tenants.status()).isEqualTo(200);
    assertThat(tenants.body()).contains("\"acme\"");
  }

  @Test
  void theManagementPortOpensProbesAndScrapesOnlyAndShowsHealthDetailsToTokenHolders()
      throws Exception {
    RawHttp.Response anonymous =
        RawHttp.send(managementPort, "GET", "/actuator/health", List.of(), null);
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.body())
        .contains("\"status\"")
        .doesNotContain("components", "tenants", "acme", "diskSpace", "path", "schedule");
    for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
      RawHttp.Response r = RawHttp.send(managementPort, "GET", probe, List.of(), null);
      assertThat(r.status()).as(probe).isEqualTo(200);
      assertThat(r.body()).as(probe).contains("UP").doesNotContain("components");
    }
    RawHttp.Response scrape =
        RawHttp.send(managementPort, "GET", "/actuator/prometheus", List.of(), null);
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.body()).contains("jvm_");

    for (String token : List.of(READ, FULL)) {
      RawHttp.Response details =
          RawHttp.send(managementPort, "GET", "/actuator/health", List.of(bearer(token)), null);
      assertThat(details.status()).isEqualTo(200);
      assertThat(details.body()).contains("\"components\"", "\"tenants\"", "acme");
    }
    for (String path : List.of("/actuator/info", "/actuator", "/actuator/env", "/anything")) {
      RawHttp.Response r = RawHttp.send(managementPort, "GET", path, List.of(), null);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.header("Content-Type")).as(path).startsWith("application/problem+json");
      assertThat(r.header("WWW-Authenticate")).as(path).startsWith("Bearer");
    }
    RawHttp.Response info =
        RawHttp.send(managementPort, "GET", "/actuator/info", List.of(bearer(READ)), null);
    assertThat(info.status()).isEqualTo(200);
    // A wrong token is refused even where anonymous callers are let in.
    RawHttp.Response wrong =
        RawHttp.send(managementPort, "GET", "/actuator/health", List.of(bearer("nope")), null);
    assertThat(wrong.status()).isEqualTo(401);
    // Ambiguous spellings on the management port answer problem+json too.
    for (String path :
        List.of(
            "/actuator/health;x=1",
            "/actuator/%2e%2e/health",
            "/actuator%2fhealth",
            "/actuator/health%00",
            "/actuator/../actuator/env")) {
      RawHttp.Response r = RawHttp.send(managementPort, "GET", path, List.of(), null);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.header("Content-Type")).as(path).startsWith("application/problem+json");
    }
    // The actuator is not on the API port, and nothing there answers without a token.
    RawHttp.Response apiPort = RawHttp.send(port, "GET", "/actuator/health", List.of(), null);
    assertThat(apiPort.status()).isEqualTo(401);
  }

  @Test
  void errorDetailsRepeatAtMostAFewHundredCharactersOfTheInput() throws Exception {
    String huge = "x".repeat(1_000_000);
    long packages = packages();
    RawHttp.Response unknown =
        RawHttp.send(
            port, "POST", "/loads", List.of(bearer(FULL)), "{\"tenant\":\"" + huge + "\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unknown.body().length()).isLessThan(600);
    assertThat(unknown.body()).contains("x".repeat(200)).doesNotContain("x".repeat(201));
    assertThat(packages()).isEqualTo(packages);

    String longId = "9".repeat(6000);
    RawHttp.Response noLoad =
        RawHttp.send(port, "GET", "/loads/" + longId, List.of(bearer(FULL)), null);
    assertThat(noLoad.status()).isEqualTo(404);
    assertThat(noLoad.body().length()).isLessThan(600);

    RawHttp.Response badLimit =
        RawHttp.send(port, "GET", "/loads?limit=" + "7".repeat(5000), List.of(bearer(FULL)), null);
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.body().length()).isLessThan(600);

    RawHttp.Response noRoute =
        RawHttp.send(port, "GET", "/nothing/" + "y".repeat(5000), List.of(bearer(FULL)), null);
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.header("Content-Type")).startsWith("application/problem+json");
    assertThat(noRoute.body().length()).isLessThan(600);
  }

  private long packages() {
    return jdbc.queryForObject("select count(*) from flowloader.load_package", Long.class);
  }

  private static long lastSimulatorSeq() {
    List<RequestLogEntry> all = SimulatorSupport.shared().control().requests();
    return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
  }
}
