package io.flowloader.extract;

import io.flowloader.source.ProcessingStep;
import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.ResponseAction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends one page request: takes a token from the API key's rate limiter, sends, and streams the
 * body through the {@link RecordStreamParser} into a {@link Page}. Each attempt ends as an {@link
 * AttemptOutcome}: 408, 429, 5xx, I/O errors, truncated or invalid bodies and {@code retry}
 * response actions are retryable (the {@link RetryPolicy} decides how long to wait), other 4xx are
 * terminal and thrown.
 */
final class HttpFetcher {

  /** The request attribute WebClient's observation reads its URI template from. */
  private static final String URI_TEMPLATE_ATTRIBUTE = WebClient.class.getName() + ".uriTemplate";

  private static final int MAX_WHOLE_BODY = 64 * 1024 * 1024;

  private final WebClient client;
  private final JsonMapper mapper;
  private final ExtractOptions options;
  private final RetryPolicy retryPolicy;
  private final RateLimiters.Bucket bucket;
  private final Redaction redaction;
  private final String tenant;
  private final ExtractListener listener;

  HttpFetcher(
      WebClient client,
      JsonMapper mapper,
      ExtractOptions options,
      RateLimiters.Bucket bucket,
      Redaction redaction,
      String tenant,
      ExtractListener listener) {
    this.client = client;
    this.mapper = mapper;
    this.options = options;
    this.retryPolicy = new RetryPolicy(options);
    this.bucket = bucket;
    this.redaction = redaction;
    this.tenant = tenant;
    this.listener = listener;
  }

  private record Head(int status, Map<String, List<String>> headers, String contentType) {}

  /** Where an error happened, without secrets. */
  String where(ResourceDefinition resource, RequestSpec request) {
    return "tenant "
        + tenant
        + ", resource "
        + resource.name()
        + ": "
        + request.method()
        + " "
        + redaction.url(request.uri());
  }

  ExtractException failure(
      ResourceDefinition resource, RequestSpec request, String what, Integer status) {
    return new ExtractException(redaction.text(where(resource, request) + " " + what), status);
  }

  /**
   * Fetches one complete page, retrying as the policy allows. The page holds the records {@code
   * preFilter} keeps (null: all of them); its raw count counts every record of the response.
   */
  Page fetch(
      ResourceDefinition resource,
      RequestSpec request,
      RetryPolicy.Budget budget,
      CursorFilter preFilter) {
    for (int retries = 1; ; retries++) {
      AttemptOutcome outcome = pacedAttempt(resource, request, preFilter);
      if (outcome instanceof AttemptOutcome.Fetched fetched) {
        return fetched.page();
      }
      AttemptOutcome.Retryable retryable = (AttemptOutcome.Retryable) outcome;
      RetryPolicy.Decision decision = retryPolicy.next(retryable, retries, budget);
      if (decision instanceof RetryPolicy.GiveUp giveUp) {
        throw failure(resource, request, giveUp.why(), retryable.status());
      }
      Duration delay = ((RetryPolicy.Wait) decision).delay();
      listener.retried(resource.name(), retryable.reason(), delay);
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(resource, request, "was interrupted", null);
      }
    }
  }

  /** One attempt, holding a rate-limiter token while it is sent. */
  private AttemptOutcome pacedAttempt(
      ResourceDefinition resource, RequestSpec request, CursorFilter preFilter) {
    long permit;
    long waitStart = System.nanoTime();
    try {
      permit = bucket.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(resource, request, "was interrupted", null);
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - waitStart);
    if (waited.toMillis() >= 1) {
      listener.rateLimitWaited(resource.name(), waited);
    }
    try {
      return attempt(resource, request, preFilter);
    } finally {
      bucket.release(permit);
    }
  }

  private AttemptOutcome attempt(
      ResourceDefinition resource, RequestSpec request, CursorFilter preFilter) {
    // The read timeout bounds each wait; this bounds the whole request (a trickling body).
    long deadline = System.nanoTime() + options.requestTimeout().toNanos();
    try (Response response = new Response(exchange(resource, request))) {
      int status = response.head.status();
      return status >= 200 && status < 300
          ? success(resource, request, response, preFilter, deadline)
          : error(resource, request, response);
    } catch (ExtractException e) {
      throw e;
    } catch (TruncatedBodyException e) {
      return new AttemptOutcome.Retryable("truncated", null, e.getMessage(), null);
    } catch (JacksonException e) {
      return new AttemptOutcome.Retryable(
          "invalid_body", null, "invalid JSON: " + redaction.text(e.getOriginalMessage()), null);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      if (cause instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
        // Cancelled (shutdown, or a prefetch given up): not an I/O error to retry.
        Thread.currentThread().interrupt();
        throw failure(resource, request, "was interrupted", null);
      }
      return new AttemptOutcome.Retryable(
          "io",
          null,
          "I/O error: "
              + cause.getClass().getSimpleName()
              + ": "
              + redaction.text(String.valueOf(cause.getMessage())),
          null);
    }
  }

  /** The response as a stream: its head first, then the body's buffers. */
  private Flux<Object> exchange(ResourceDefinition resource, RequestSpec request) {
    WebClient.RequestBodySpec spec =
        client
            .method(HttpMethod.valueOf(request.method()))
            .uri(request.uri())
            // The observation's "uri" tag: the definition's path template, not the expanded URI.
            .attribute(URI_TEMPLATE_ATTRIBUTE, "/" + stripLeadingSlash(resource.endpoint().path()))
            .headers(h -> request.headers().forEach(h::set));
    WebClient.RequestHeadersSpec<?> ready =
        request.body() == null
            ? spec
            : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(request.body().toString());
    return ready.exchangeToFlux(
        response -> {
          Map<String, List<String>> headers = new HashMap<>();
          response
              .headers()
              .asHttpHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
          Head head =
              new Head(
                  response.statusCode().value(),
                  headers,
                  response.headers().contentType().map(MediaType::toString).orElse(null));
          return Flux.concat(Mono.just(head), response.bodyToFlux(DataBuffer.class));
        });
  }

  /** A 2xx response: its records parsed as they stream in, or what a response action says. */
  private AttemptOutcome success(
      ResourceDefinition resource,
      RequestSpec request,
      Response response,
      CursorFilter preFilter,
      long deadline) {
    Head head = response.head;
    int status = head.status();
    List<ResponseAction> actions = resource.endpoint().responseActions();
    boolean wholeBody =
        actions.stream()
            .anyMatch(
                a -> a.content() != null && (a.statusCode() == null || a.statusCode() == status));
    byte[] whole = wholeBody ? response.readUpTo(MAX_WHOLE_BODY) : null;
    ResponseAction.Action action = match(actions, status, whole);
    if (action != null) {
      AttemptOutcome handled = act(resource, request, action, status, head, whole);
      if (handled != null) {
        return handled;
      }
    }
    PageBuffer buffer = new PageBuffer(mapper, options.spillThresholdBytes());
    try {
      RecordStreamParser parser =
          new RecordStreamParser(
              mapper,
              resource.endpoint().dataSelector(),
              record -> buffer.add(process(resource, record)),
              preFilter);
      if (whole != null) {
        parser.feed(whole, 0, whole.length);
      } else {
        long bytes = 0;
        for (byte[] data = response.next(); data != null; data = response.next()) {
          if (System.nanoTime() > deadline) {
            throw failure(
                resource,
                request,
                "exceeded the total time per request of "
                    + options.requestTimeout()
                    + " (flowloader.http.request-timeout) while reading its body",
                status);
          }
          bytes += data.length;
          buffer.bodyBytes(bytes);
          parser.feed(data, 0, data.length);
        }
      }
      parser.end();
      if (!parser.selectorFound()) {
        throw failure(
            resource,
            request,
            "returned no '" + resource.endpoint().dataSelector() + "' (data_selector) in its body",
            status);
      }
      Page page = new Page(buffer, parser.count(), parser.envelope(), head.headers(), false);
      listener.pageFetched(resource.name(), page.rawCount());
      return new AttemptOutcome.Fetched(page);
    } catch (RuntimeException | Error e) {
      buffer.close();
      throw e;
    }
  }

  /** A non-2xx response: a response action's verdict, retryable (408, 429, 5xx), or terminal. */
  private AttemptOutcome error(
      ResourceDefinition resource, RequestSpec request, Response response) {
    Head head = response.head;
    int status = head.status();
    byte[] body = response.readUpTo(ErrorBodies.MAX_BYTES);
    ResponseAction.Action action = match(resource.endpoint().responseActions(), status, body);
    if (action != null) {
      AttemptOutcome handled = act(resource, request, action, status, head, body);
      if (handled != null) {
        return handled;
      }
    }
    String message =
        "HTTP " + status + ": " + redaction.text(ErrorBodies.summarise(body, head.contentType()));
    if (status == 408 || status == 429 || status >= 500) {
      Duration after = RetryAfter.parse(first(head, "retry-after"), Instant.now());
      String reason =
          status == 429 || status == 503 ? Integer.toString(status) : status == 408 ? "408" : "5xx";
      return new AttemptOutcome.Retryable(reason, after, message, status);
    }
    throw failure(resource, request, "failed with " + message, status);
  }

  private AttemptOutcome act(
      ResourceDefinition resource,
      RequestSpec request,
      ResponseAction.Action action,
      int status,
      Head head,
      byte[] body) {
    String summary =
        body == null ? "" : ": " + redaction.text(ErrorBodies.summarise(body, head.contentType()));
    return switch (action) {
      case IGNORE -> new AttemptOutcome.Fetched(Page.ignoredPage());
      case RETRY ->
          new AttemptOutcome.Retryable(
              "response_action",
              RetryAfter.parse(first(head, "retry-after"), Instant.now()),
              "response action retry on HTTP " + status + summary,
              status);
      case FAIL ->
          throw failure(
              resource, request, "failed by response action on HTTP " + status + summary, status);
    };
  }

  /**
   * A response read on the calling thread: WebClient's stream of the head followed by body buffers,
   * consumed in order. Closing it cancels what was not read.
   */
  private static final class Response implements AutoCloseable {
    private final Stream<Object> stream;
    private final Iterator<Object> parts;
    private final Head head;

    Response(Flux<Object> flux) {
      stream = flux.toStream(8);
      try {
        parts = stream.iterator();
        head = (Head) parts.next();
      } catch (RuntimeException e) {
        stream.close();
        throw e;
      }
    }

    /** The next body chunk, or null at the end. */
    byte[] next() {
      if (!parts.hasNext()) {
        return null;
      }
      DataBuffer chunk = (DataBuffer) parts.next();
      byte[] data = new byte[chunk.readableByteCount()];
      chunk.read(data);
      DataBufferUtils.release(chunk);
      return data;
    }

    /** The body, or its first {@code max} bytes. */
    byte[] readUpTo(int max) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] data = out.size() < max ? next() : null;
          data != null;
          data = out.size() < max ? next() : null) {
        out.write(data, 0, Math.min(data.length, max - out.size()));
      }
      return out.toByteArray();
    }

    @Override
    public void close() {
      stream.close();
    }
  }

  private static String stripLeadingSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private static String first(Head head, String name) {
    List<String> v = head.headers().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static ResponseAction.Action match(List<ResponseAction> actions, int status, byte[] body) {
    String compact = null;
    for (ResponseAction a : actions) {
      if (a.statusCode() != null && a.statusCode() != status) {
        continue;
      }
      if (a.content() != null) {
        if (body == null) {
          continue;
        }
        if (compact == null) {
          compact = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", "");
        }
        if (!compact.contains(a.content().replaceAll("\\s+", ""))) {
          continue;
        }
      }
      return a.action();
    }
    return null;
  }

  /**
   * Whether a processing step may change what {@code cursorPath} selects (it removes or writes the
   * path's top-level field): then records must be filtered after processing, not while parsed.
   */
  static boolean touches(ResourceDefinition resource, io.flowloader.source.JsonPath cursorPath) {
    if (cursorPath.isRoot()) {
      return !resource.processingSteps().isEmpty();
    }
    String top = cursorPath.fields().get(0);
    for (ProcessingStep step : resource.processingSteps()) {
      if (top.equals(step.field()) || top.equals(step.into())) {
        return true;
      }
    }
    return false;
  }

  /** Applies processing steps; a secret field is replaced before the record is buffered. */
  static JsonNode process(ResourceDefinition resource, JsonNode record) {
    if (resource.processingSteps().isEmpty() || !(record instanceof ObjectNode object)) {
      return record;
    }
    for (ProcessingStep step : resource.processingSteps()) {
      JsonNode value = object.remove(step.field());
      if (step.type() == ProcessingStep.Type.FINGERPRINT) {
        if (value == null || value.isNull()) {
          object.putNull(step.into());
        } else {
          object.put(step.into(), fingerprint(value.asString()));
        }
      }
    }
    return object;
  }

  /** The first 16 hex digits of SHA-256: identifies a key without revealing it. */
  static String fingerprint(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
