package io.boomiflow.simulator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Serves the Boomi Flow API under {@code /api/}: routing, API-key and tenant checks, fault
 * injection, then the endpoint's JSON streamed record by record straight to the socket.
 */
@Controller
class ApiController {

  static final String KEY_HEADER = "x-boomi-flow-api-key";
  static final String TENANT_HEADER = "manywhotenant";
  // Neither closes nor flushes the servlet stream: the last bytes go out when the handler returns,
  // after the request log entry is written, so a client never sees a response before its entry.
  static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(tools.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(tools.jackson.core.StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
          .build();
  private static final Pattern FILTER_EQ =
      Pattern.compile("\\s*developerName\\s+eq\\s+'((?:[^']|'')*)'\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern FILTER_SUBSTRING =
      Pattern.compile(
          "\\s*substringof\\s*\\(\\s*developerName\\s*,\\s*'((?:[^']|'')*)'\\s*\\)\\s*",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern UUID_SHAPE =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final SimulatorControl sim;

  ApiController(SimulatorControl sim) {
    this.sim = sim;
  }

  /** A client error detected before any byte of the body is written. */
  static final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /**
   * Thrown mid-body to make Tomcat drop the connection: an exception escaping the servlet after the
   * response is committed makes Tomcat close the connection without the final chunk (it logs one
   * error line per simulated reset).
   */
  static final class SimulatedReset extends RuntimeException {
    SimulatedReset() {
      super("simulated connection reset", null, false, false);
    }
  }

  /** Writes one response body. */
  interface Body {
    void write(JsonOut out);
  }

  @RequestMapping("/api/**")
  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long started = System.nanoTime();
    Instant at = Instant.now();
    long seq = sim.nextSeq();
    String path = request.getRequestURI();
    String query = request.getQueryString();
    Endpoint.Route route = Endpoint.route(path);
    String tenantName = null;
    String fault = null;
    try {
      if (route == null) {
        throw new ApiError(404, "The requested resource could not be found");
      }
      if (route.endpoint() == Endpoint.AUTHENTICATION) {
        tenantName = legacyLogin(request, response);
        return;
      }
      if (!"GET".equals(request.getMethod())) {
        throw new ApiError(405, "The requested method is not supported");
      }
      // Only the API key authenticates; Authorization never does, except the raw legacy token
      // when simulator.legacy-auth is on (and never with a Bearer prefix).
      SimulatorControl.ApiKey key = sim.key(request.getHeader(KEY_HEADER));
      if (key == null) {
        key = sim.legacy(request.getHeader("Authorization"));
      }
      if (key == null) {
        throw new ApiError(401, "Unauthorized: a valid API key is required");
      }
      TenantData tenant = sim.tenant(key.tenant());
      tenantName = tenant.name;
      String tenantHeader = request.getHeader(TENANT_HEADER);
      if (tenantHeader == null
          ? sim.properties().tenantHeaderRequired()
          : !tenantHeader.trim().equalsIgnoreCase(tenant.id)) {
        throw new ApiError(
            sim.properties().tenantMismatchStatus(),
            "The API key is not valid for the requested tenant");
      }
      sim.countRequest(tenant);
      FaultBook.Decision decision = sim.decide(tenant, route.endpoint(), pageForFaults(request));
      fault = decision.describe();
      if (decision.error() != null) {
        writeFault(response, decision.error(), decision.retryAfterSeconds());
        return;
      }
      Body body = prepare(route, tenant, key, request);
      long latency = sim.properties().latencyMillis();
      long jitter = sim.properties().latencyJitterMillis();
      if (latency > 0 || jitter > 0) {
        sleep(latency + (jitter > 0 ? Gen.pick(Gen.hash(seq), (int) jitter + 1) : 0));
      }
      Drift drift = Drift.NONE;
      OutputStream out = response.getOutputStream();
      for (FaultSpec m : decision.modifiers()) {
        switch (m.kind()) {
          case SLOW_FIRST_BYTE -> sleep(m.delayOr(1000));
          case SLOW_DRIP -> out = new DripStream(out, m.chunkBytesOrDefault(), m.delayOr(50));
          case TRUNCATED_BODY -> out = new CutStream(out, m.afterBytesOrDefault(), false);
          case CONNECTION_RESET -> out = new CutStream(out, m.afterBytesOrDefault(), true);
          case SCHEMA_DRIFT -> drift = Drift.of(m);
          default -> {}
        }
      }
      response.setStatus(200);
      response.setContentType("application/json; charset=utf-8");
      try (JsonGenerator g = JSON.createGenerator(out)) {
        body.write(new JsonOut(g, drift, sim.properties().uppercaseIds()));
      }
    } catch (ApiError e) {
      writeError(response, e.status, "json-string", e.getMessage());
    } finally {
      sim.record(
          new RequestLogEntry(
              seq,
              at,
              request.getMethod(),
              query == null ? path : path + "?" + query,
              route == null ? null : route.endpoint().key(),
              tenantName,
              response.getStatus(),
              fault,
              (System.nanoTime() - started) / 1_000_000));
    }
  }

  // ------------------------------------------------------------------ endpoints

  /** The removed {@code POST draw/1/authentication}: a quoted JSON string token. */
  private String legacyLogin(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!sim.properties().legacyAuth()) {
      throw new ApiError(404, "The requested resource could not be found");
    }
    if (!"POST".equals(request.getMethod())) {
      throw new ApiError(405, "The requested method is not supported");
    }
    TenantData tenant = sim.tenantById(request.getHeader(TENANT_HEADER));
    if (tenant == null) {
      throw new ApiError(401, "Unauthorized");
    }
    response.setStatus(200);
    response.setContentType("application/json; charset=utf-8");
    response.getOutputStream().write(quote(tenant.legacyToken()).getBytes(StandardCharsets.UTF_8));
    return tenant.name;
  }

  private Body prepare(
      Endpoint.Route route, TenantData t, SimulatorControl.ApiKey key, HttpServletRequest req) {
    return switch (route.endpoint()) {
      case FLOWS, TRANSLATE_FLOWS -> {
        Predicate<String> filter = filter(req);
        boolean editing = route.endpoint() == Endpoint.FLOWS;
        yield o -> {
          o.g.writeStartArray();
          for (int f = 0; f < t.volumes.flows(); f++) {
            if (filter.test(t.flowName(f))) {
              t.writeFlow(o, f, t.versionCount(f) - 1, editing);
            }
          }
          o.g.writeEndArray();
        };
      }
      case FLOWS_ACTIVE -> {
        Predicate<String> filter = filter(req);
        yield o -> {
          o.g.writeStartArray();
          for (int f = 0; f < t.volumes.flows(); f++) {
            if (t.isActive(f) && filter.test(t.flowName(f))) {
              t.writeActiveFlow(o, f);
            }
          }
          o.g.writeEndArray();
        };
      }
      case FLOW -> {
        int f = flow(t, route.variable());
        yield o -> t.writeFlow(o, f, t.versionCount(f) - 1, true);
      }
      case FLOW_SNAP -> {
        int f = flow(t, route.variable());
        Predicate<String> filter = filter(req);
        int versions = t.versionCount(f);
        yield o -> {
          o.g.writeStartArray();
          if (filter.test(t.flowName(f))) {
            for (int v = 0; v < versions; v++) {
              t.writeFlow(o, f, v, false);
            }
          }
          o.g.writeEndArray();
        };
      }
      case GRAPH -> {
        int f = flow(t, route.variable());
        yield o -> t.writeGraph(o, f);
      }
      case TENANT_RUNTIMES -> o -> array(o, t.volumes.runtimes(), r -> t.writeTenantRuntime(o, r));
      case ORGANIZATION_RUNTIMES ->
          o -> array(o, t.volumes.runtimes() + 1, r -> t.writeOrganizationRuntime(o, r));
      case USER_KEYS -> {
        List<SimulatorControl.ApiKey> keys = sim.keysOf(key);
        yield o -> {
          o.g.writeStartArray();
          int n = 0;
          for (SimulatorControl.ApiKey k : keys) {
            TenantData owner = sim.tenant(k.tenant());
            t.writeKey(o, k.name(), k.key(), owner.id, n++);
          }
          // revoked-looking extra keys of the caller: real-looking secrets that do not authenticate
          t.writeKey(o, "ci-pipeline", t.decoyKey(key.user()), t.id, n++);
          t.writeKey(o, "old \"reporting\" key", t.decoyKey(key.user() + 7), t.id, n++);
          // a revoked key: the API answers tenantId null for it (UserTenantAPIKey.tenantId is
          // nullable), so no key over (tenantId, name) can hold
          t.writeKey(o, "revoked-export", t.decoyKey(key.user() + 11), null, n);
          o.g.writeEndArray();
        };
      }
      case USERS -> {
        Paging p = paging(req, 30);
        int total = t.volumes.users();
        yield o -> envelope(o, req, p, total, null, false, u -> t.writeUser(o, u));
      }
      case STATES -> {
        Paging p = paging(req, 10);
        String status = req.getParameter("status");
        if (status != null && !status.isBlank()) {
          status = status.trim().toLowerCase(Locale.ROOT);
          if (!TenantData.STATE_STATUSES.contains(status)) {
            throw new ApiError(400, "Unknown state status: " + status);
          }
        }
        long from = time(req, "from", Long.MIN_VALUE);
        long to = time(req, "to", Long.MAX_VALUE);
        int count = t.stateCount();
        int[] matches = null;
        if (status != null
            || from != Long.MIN_VALUE
            || to != Long.MAX_VALUE
            || t.anyStateDeleted()) {
          String wanted = status;
          IntPredicate predicate =
              i -> {
                long m = t.stateModified(i);
                return m >= from
                    && m < to
                    && (wanted == null || wanted.equals(t.stateStatus(i)))
                    && !t.stateDeleted(i);
              };
          matches = t.matches("states|" + wanted + "|" + from + "|" + to, count, predicate);
        }
        int[] view = matches;
        int total = view == null ? count : view.length;
        yield o -> envelope(o, req, p, total, view, false, i -> t.writeState(o, i));
      }
      case STATE -> {
        int i = state(t, route.variable());
        yield o -> t.writeState(o, i);
      }
      case RUN_STATE -> {
        int i = state(t, route.variable());
        if (t.stateStatus(i).equals("expired")) {
          throw new ApiError(404, "The state with ID " + t.stateId(i) + " has now expired");
        }
        yield o -> t.writeRunState(o, i);
      }
      case AUDIT -> audit(t, req);
      case AUTHENTICATION -> throw new ApiError(405, "The requested method is not supported");
    };
  }

  private Body audit(TenantData t, HttpServletRequest req) {
    Paging p = paging(req, 50);
    long from = time(req, "from", Long.MIN_VALUE);
    long to = time(req, "to", Long.MAX_VALUE);
    String orderBy = req.getParameter("orderBy");
    if (orderBy != null && !orderBy.isBlank() && !orderBy.trim().equalsIgnoreCase("occurredAt")) {
      throw new ApiError(400, "orderBy must be occurredAt");
    }
    String direction = req.getParameter("orderDirection");
    boolean desc = false;
    if (direction != null && !direction.isBlank()) {
      if (direction.trim().equalsIgnoreCase("DESC")) {
        desc = true;
      } else if (!direction.trim().equalsIgnoreCase("ASC")) {
        throw new ApiError(400, "orderDirection must be ASC or DESC");
      }
    }
    Set<String> types = values(req, "type");
    Set<Integer> users = null;
    Set<String> userIds = values(req, "user");
    if (userIds != null) {
      users = new HashSet<>();
      for (String id : userIds) {
        if (!UUID_SHAPE.matcher(id).matches()) {
          throw new ApiError(400, "The value '" + id + "' is not valid for user");
        }
      }
      for (int u = 0; u < t.volumes.users(); u++) {
        if (contains(userIds, t.userId(u))) {
          users.add(u);
        }
      }
      if (contains(userIds, t.publicUserId())) {
        users.add(-1);
      }
    }
    int count = t.auditCount();
    int[] view = null;
    if (types != null || users != null || from != Long.MIN_VALUE || to != Long.MAX_VALUE) {
      Set<Integer> wantedUsers = users;
      IntPredicate predicate =
          i -> {
            long at = t.auditTicks(i);
            return at >= from
                && at < to
                && (types == null || types.contains(t.auditType(i)))
                && (wantedUsers == null || wantedUsers.contains(t.auditUser(i)));
          };
      view = t.matches("audit|" + from + "|" + to + "|" + types + "|" + users, count, predicate);
    }
    int[] matches = view;
    int total = matches == null ? count : matches.length;
    boolean descending = desc;
    return o -> envelope(o, req, p, total, matches, descending, i -> t.writeAuditEvent(o, i));
  }

  private static boolean contains(Set<String> ids, String id) {
    for (String candidate : ids) {
      if (candidate.equalsIgnoreCase(id)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ helpers

  record Paging(int page, int pageSize) {}

  private Paging paging(HttpServletRequest req, int defaultSize) {
    int page = intParam(req, "page", 1);
    if (page < 1) {
      throw new ApiError(400, "page must be 1 or more");
    }
    int size = intParam(req, "pageSize", defaultSize);
    if (size < 1) {
      size = defaultSize;
    }
    return new Paging(page, Math.min(size, Math.max(1, sim.properties().pageSizeCap())));
  }

  private static int pageForFaults(HttpServletRequest req) {
    try {
      String page = req.getParameter("page");
      return page == null ? 1 : Integer.parseInt(page.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static int intParam(HttpServletRequest req, String name, int fallback) {
    String value = req.getParameter(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(400, "The value '" + value + "' is not valid for " + name);
    }
  }

  private static long time(HttpServletRequest req, String name, long fallback) {
    String value = req.getParameter(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Gen.parseTicks(value);
    } catch (RuntimeException e) {
      throw new ApiError(400, "The value '" + value + "' is not valid for " + name);
    }
  }

  private static Set<String> values(HttpServletRequest req, String name) {
    String[] values = req.getParameterValues(name);
    if (values == null) {
      return null;
    }
    Set<String> out = new HashSet<>();
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        out.add(v.trim());
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** The {@code filter} grammar of the bare-array endpoints; malformed → 400. */
  private static Predicate<String> filter(HttpServletRequest req) {
    String filter = req.getParameter("filter");
    if (filter == null || filter.isBlank()) {
      return name -> true;
    }
    Matcher eq = FILTER_EQ.matcher(filter);
    if (eq.matches()) {
      String wanted = eq.group(1).replace("''", "'");
      return name -> name.equalsIgnoreCase(wanted);
    }
    Matcher sub = FILTER_SUBSTRING.matcher(filter);
    if (sub.matches()) {
      String wanted = sub.group(1).replace("''", "'").toLowerCase(Locale.ROOT);
      return name -> name.toLowerCase(Locale.ROOT).contains(wanted);
    }
    throw new ApiError(400, "The filter expression is not valid");
  }

  private static int flow(TenantData t, String id) {
    if (!UUID_SHAPE.matcher(id).matches()) {
      throw new ApiError(400, "The value '" + id + "' is not valid");
    }
    int f = t.flowIndex(id);
    if (f < 0) {
      throw new ApiError(404, "Flow not found");
    }
    return f;
  }

  private static int state(TenantData t, String id) {
    if (!UUID_SHAPE.matcher(id).matches()) {
      throw new ApiError(400, "The value '" + id + "' is not valid");
    }
    int i = t.stateIndex(id);
    if (i < 0) {
      throw new ApiError(404, "State not found");
    }
    return i;
  }

  private static void array(JsonOut o, int n, java.util.function.IntConsumer item) {
    o.g.writeStartArray();
    for (int i = 0; i < n; i++) {
      item.accept(i);
    }
    o.g.writeEndArray();
  }

  /** The {@code _meta}/{@code _links}/{@code items} envelope over the records in {@code view}. */
  private void envelope(
      JsonOut o,
      HttpServletRequest req,
      Paging p,
      int total,
      int[] view,
      boolean descending,
      java.util.function.IntConsumer item) {
    long fromL = (long) (p.page() - 1) * p.pageSize();
    int from = (int) Math.min(total, fromL);
    int to = (int) Math.min(total, fromL + p.pageSize());
    String path = req.getRequestURI();
    boolean odd = sim.properties().inconsistentLinks();
    int lastPage = Math.max(1, (total + (odd ? 9 : p.pageSize() - 1)) / (odd ? 10 : p.pageSize()));
    o.startObject();
    o.g.writeName("_meta");
    o.g.writeStartObject();
    o.g.writeName("total");
    o.g.writeNumber(total);
    o.g.writeName("pageSize");
    o.g.writeNumber(p.pageSize());
    o.g.writeName("page");
    o.g.writeNumber(p.page());
    o.g.writeEndObject();
    o.g.writeName("_links");
    o.g.writeStartObject();
    link(o, "previous", p.page() > 1 ? path + "?page=" + (p.page() - 1) : null);
    link(o, "next", to < total || odd ? path + "?page=" + (p.page() + 1) : null);
    link(o, "first", path + "?page=1");
    link(o, "last", path + "?page=" + lastPage);
    o.g.writeEndObject();
    o.g.writeName("items");
    o.g.writeStartArray();
    for (int k = from; k < to; k++) {
      int position = descending ? total - 1 - k : k;
      item.accept(view == null ? position : view[position]);
    }
    o.g.writeEndArray();
    o.endObject();
  }

  private static void link(JsonOut o, String name, String value) {
    o.g.writeName(name);
    if (value == null) {
      o.g.writeNull();
    } else {
      o.g.writeString(value);
    }
  }

  // ------------------------------------------------------------------ faults and errors

  private static void writeFault(HttpServletResponse res, FaultSpec f, long retryAfter)
      throws IOException {
    int status =
        switch (f.kind()) {
          case HTTP_429, TOKEN_BUCKET -> f.statusOr(429);
          case HTTP_503 -> f.statusOr(503);
          case GATEWAY_HTML -> f.statusOr(502);
          default -> f.statusOr(500);
        };
    String mode =
        f.retryAfter() != null
            ? f.retryAfterMode()
            : f.kind() == FaultKind.HTTP_429 || f.kind() == FaultKind.TOKEN_BUCKET
                ? "seconds"
                : "none";
    if (mode.equals("seconds")) {
      res.setHeader("Retry-After", Long.toString(retryAfter));
    } else if (mode.equals("http-date")) {
      // HTTP-dates have whole seconds: round up so a client honouring it waits at least that long
      ZonedDateTime when =
          ZonedDateTime.now(ZoneOffset.UTC)
              .truncatedTo(ChronoUnit.SECONDS)
              .plusSeconds(retryAfter + 1);
      res.setHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(when));
    }
    String body = f.kind() == FaultKind.GATEWAY_HTML ? "html" : f.bodyOrDefault();
    String message =
        switch (status) {
          case 429 -> "Too many requests";
          case 503 -> "Service unavailable";
          default -> "An unexpected error occurred (" + status + ")";
        };
    writeError(res, status, body, message);
  }

  /**
   * An error response in one of the body styles of docs/boomi-flow-api.md, "Errors and rate
   * limits".
   */
  static void writeError(HttpServletResponse res, int status, String bodyKind, String message)
      throws IOException {
    res.setStatus(status);
    String text;
    switch (bodyKind) {
      case "empty" -> {
        return;
      }
      case "html" -> {
        res.setContentType("text/html");
        String reason =
            status == 504 ? "Gateway Time-out" : status == 502 ? "Bad Gateway" : "Error";
        text =
            "<html>\r\n<head><title>"
                + status
                + " "
                + reason
                + "</title></head>\r\n<body>\r\n<center><h1>"
                + status
                + " "
                + reason
                + "</h1></center>\r\n</body>\r\n</html>\r\n";
      }
      case "api-problem", "api-problem-int" -> {
        res.setContentType("application/json; charset=utf-8");
        String kind = bodyKind.equals("api-problem") ? "\"api\"" : "0";
        text =
            "{\"kind\":"
                + kind
                + ",\"uri\":\"https://flow.boomi.com/api\",\"statusCode\":"
                + status
                + ",\"responseBody\":null,\"responseHeaders\":null,\"message\":"
                + quote(message)
                + "}";
      }
      case "text" -> {
        res.setContentType("text/plain; charset=utf-8");
        text = message;
      }
      case "failed-requirement" -> {
        res.setContentType("application/json; charset=utf-8");
        text = "{\"failedRequirement\":\"RuntimeEnvironmentCheckRequirement\"}";
      }
      default -> {
        res.setContentType("application/json; charset=utf-8");
        text = quote(message);
      }
    }
    // no explicit Content-Length: Tomcat sets it when the handler returns (see JSON above)
    res.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Passes bytes through in small flushed chunks with a pause between them. */
  static final class DripStream extends FilterOutputStream {
    private final int chunk;
    private final long delay;

    DripStream(OutputStream out, int chunk, long delay) {
      super(out);
      this.chunk = Math.max(1, chunk);
      this.delay = delay;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(chunk, len);
        out.write(b, off, n);
        out.flush();
        off += n;
        len -= n;
        sleep(delay);
      }
    }
  }

  /**
   * Lets {@code limit} bytes through. Truncation then swallows the rest (the response still ends
   * cleanly, with invalid JSON); reset flushes what was sent and aborts the connection.
   */
  static final class CutStream extends FilterOutputStream {
    private final long limit;
    private final boolean reset;
    private long written;

    CutStream(OutputStream out, long limit, boolean reset) {
      super(out);
      this.limit = limit;
      this.reset = reset;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      long room = Math.max(0, limit - written);
      int n = (int) Math.min(room, len);
      if (n > 0) {
        out.write(b, off, n);
        written += n;
      }
      if (n < len && reset) {
        abort();
      }
    }

    @Override
    public void close() throws IOException {
      if (reset) {
        abort();
      }
      super.close();
    }

    private void abort() throws IOException {
      out.flush();
      throw new SimulatedReset();
    }
  }
}
