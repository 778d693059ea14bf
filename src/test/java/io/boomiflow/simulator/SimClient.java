package io.boomiflow.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A curl-like client for the simulator tests: real HTTP, headers as a Boomi client sends them. */
final class SimClient {

  static final ObjectMapper JSON = JsonMapper.builder().build();

  final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  SimClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  record Result(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** GET with the acme key and tenant header. */
  Result acme(String path) {
    return get(path, SimulatorTenants.ACME_KEY, SimulatorTenants.ACME_ID);
  }

  Result globex(String path) {
    return get(path, SimulatorTenants.GLOBEX_KEY, SimulatorTenants.GLOBEX_ID);
  }

  JsonNode acmeJson(String path) {
    Result r = acme(path);
    if (r.status() != 200) {
      throw new AssertionError("GET " + path + " -> " + r.status() + " " + r.body());
    }
    return r.json();
  }

  Result get(String path, String key, String tenant, String... headers) {
    try {
      return send(path, key, tenant, headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #get} but lets transport errors (reset connections) through. */
  Result send(String path, String key, String tenant, String... headers) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json");
    if (key != null) {
      b.header("x-boomi-flow-api-key", key);
    }
    if (tenant != null) {
      b.header("manywhotenant", tenant);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Result(r.statusCode(), r.body(), r.headers());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  HttpClient http() {
    return http;
  }

  /**
   * Streams {@code path} with the given key and tenant, collecting the string values of {@code
   * field} at nesting {@code depth} without holding the body; returns the body size in bytes.
   */
  long collect(
      String path,
      String key,
      String tenant,
      java.util.Collection<String> out,
      int depth,
      String field)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("x-boomi-flow-api-key", key)
            .header("manywhotenant", tenant)
            .timeout(Duration.ofSeconds(120))
            .build();
    HttpResponse<java.io.InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " -> " + response.statusCode());
    }
    try (CountingStream counting = new CountingStream(response.body());
        tools.jackson.core.JsonParser parser = JSON.createParser(counting)) {
      int level = 0;
      tools.jackson.core.JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token.isStructStart()) {
          level++;
        } else if (token.isStructEnd()) {
          level--;
        } else if (token == tools.jackson.core.JsonToken.PROPERTY_NAME
            && level == depth
            && parser.currentName().equals(field)
            && parser.nextToken() == tools.jackson.core.JsonToken.VALUE_STRING) {
          out.add(parser.getString());
        }
      }
      return counting.count;
    }
  }

  /** Counts the bytes read through it. */
  static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(java.io.InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
