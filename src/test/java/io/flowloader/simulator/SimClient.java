package io.flowloader.simulator;

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
}
