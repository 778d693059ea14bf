package io.flowloader.extract;

import com.sun.net.httpserver.HttpServer;
import io.flowloader.source.SourceDefinitionLoader;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Run in a child JVM with a small heap by {@link LargeResponseTests}: serves a bare-array {@code
 * draw/1/flow} and a one-page {@code admin/1/users} envelope of {@code args[0]} MB each, generated
 * on the fly, extracts both with the built-in source and prints the record counts.
 */
public final class LargeResponseProbe {

  static final String FLOW =
      "{\"editingToken\":\"a9a1a72a-148e-4335-8b56-3eb62817d512\",\"id\":{\"id\":\"%08d-e71b-486a-8929-a2df966412e8\","
          + "\"versionId\":\"8549d5a2-0cfa-41a5-ad7e-3613d3f64f8e\"},\"developerName\":\"Expense Approval %d\","
          + "\"developerSummary\":\"%s\",\"dateModified\":\"2025-01-20T16:45:31.902Z\",\"isActive\":false,"
          + "\"tags\":[\"finance\",\"approvals\"],\"count\":%d}";

  public static void main(String[] args) throws Exception {
    long megabytes = Long.parseLong(args[0]);
    long targetBytes = megabytes * 1024 * 1024;
    String filler = "x".repeat(1500);
    byte[] sample = String.format(FLOW, 0, 0, filler, 0).getBytes(StandardCharsets.UTF_8);
    long records = targetBytes / (sample.length + 1) + 1;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/",
        exchange -> {
          boolean envelope = exchange.getRequestURI().getPath().contains("users");
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 65536)) {
            if (envelope) {
              out.write(
                  ("{\"_meta\":{\"total\":"
                          + records
                          + ",\"pageSize\":"
                          + records
                          + ",\"page\":1},\"items\":[")
                      .getBytes(StandardCharsets.UTF_8));
            } else {
              out.write('[');
            }
            for (long i = 0; i < records; i++) {
              if (i > 0) {
                out.write(',');
              }
              out.write(String.format(FLOW, i, i, filler, i).getBytes(StandardCharsets.UTF_8));
            }
            out.write(
                envelope
                    ? "]}".getBytes(StandardCharsets.UTF_8)
                    : "]".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.start();
    try {
      AtomicLong flows = new AtomicLong();
      AtomicLong users = new AtomicLong();
      AtomicLong lastCount = new AtomicLong(-1);
      RecordSink sink =
          new RecordSink() {
            @Override
            public void record(String resource, JsonNode record) {
              (resource.equals("flows") ? flows : users).incrementAndGet();
              lastCount.set(record.get("count").asLong());
            }

            @Override
            public void resourceCompleted(String resource, long count, ResourceCursor cursor) {}
          };
      new Extractor(SourceDefinitionLoader.loadBuiltIn(), new RateLimiters())
          .extract(
              new ExtractRequest(
                  "probe",
                  "t",
                  Secret.of("k"),
                  "http://127.0.0.1:" + server.getAddress().getPort(),
                  Set.of("flows", "users"),
                  Map.of(),
                  ExtractOptions.defaults().withRequestsPerSecond(100)),
              sink);
      System.out.println(
          "RESULT expected="
              + records
              + " flows="
              + flows
              + " users="
              + users
              + " last="
              + lastCount
              + " maxHeapMb="
              + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    } finally {
      server.stop(0);
    }
  }
}
