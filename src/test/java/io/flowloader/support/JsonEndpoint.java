package io.flowloader.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local HTTP endpoint for source definitions under test: {@code /golden} answers every request
 * with the JSON body set last ({@code []} at first).
 */
public final class JsonEndpoint implements AutoCloseable {

  private final AtomicReference<String> body = new AtomicReference<>("[]");
  private final HttpServer server;

  private JsonEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/golden",
        exchange -> {
          byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  public static JsonEndpoint start() throws IOException {
    return new JsonEndpoint();
  }

  /** The body of every later response. */
  public void respond(String json) {
    body.set(json);
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
