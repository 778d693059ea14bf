package io.boomiflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The simulator as {@code java -jar ... --spring.profiles.active=simulator} runs it: through {@code
 * FlowLoaderApplication.main}, with no database, in a child JVM capped at 96 MB of heap. It serves
 * 500,000 audit events (about 300 MB of JSON) in pages of 50,000 and a flow list above 20 MB; that
 * can only work if responses are generated and streamed record by record.
 */
class SimulatorStandaloneTests {

  static Process process;
  static SimClient client;
  static Path output;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    output = Files.createTempFile("simulator", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx96m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "io.flowloader.FlowLoaderApplication",
            "--spring.profiles.active=simulator",
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--simulator.tenants.acme.audit-events=500000",
            "--simulator.tenants.acme.flows=15000",
            "--simulator.tenants.acme.states=2000",
            "--simulator.page-size-cap=50000"));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .directory(new File("."))
            .start();
    Process started = process;
    // never leave the child running, even if this JVM dies before @AfterAll
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    client = new SimClient("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (true) {
      try {
        if (client.get("/__sim/status", null, null).status() == 200) {
          break;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("simulator did not start:\n" + Files.readString(output));
      }
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  private static long collect(String path, Set<String> ids, int depth, String field)
      throws Exception {
    return client.collect(
        path, SimulatorTenants.ACME_KEY, SimulatorTenants.ACME_ID, ids, depth, field);
  }

  @Test
  void serves500kAuditEventsWithA96MbHeap() throws Exception {
    Set<String> ids = new HashSet<>(700_000);
    long bytes = 0;
    for (int page = 1; page <= 10; page++) {
      // items[] objects are at depth 3: envelope {, items [, event {
      bytes += collect("/api/audit/1/search?pageSize=50000&page=" + page, ids, 3, "id");
    }
    assertThat(ids).hasSize(500_000);
    assertThat(bytes).isGreaterThan(200L * 1024 * 1024);
    JsonNode status = client.get("/__sim/status", null, null).json();
    assertThat(status.get("maxHeapBytes").asLong()).isLessThanOrEqualTo(100L * 1024 * 1024);
    assertThat(process.isAlive()).isTrue();
    assertThat(Files.readString(output)).doesNotContain("OutOfMemoryError");
  }

  @Test
  void servesAFlowListAbove20MbAsOneBareArray() throws Exception {
    Set<String> ids = new HashSet<>();
    // flow objects sit at depth 2 ([ {); each has its own editingToken
    long bytes = collect("/api/draw/1/flow", ids, 2, "editingToken");
    assertThat(ids).hasSize(15_000);
    assertThat(bytes).isGreaterThan(20L * 1024 * 1024);
    assertThat(Files.readString(output))
        .doesNotContain(SimulatorTenants.ACME_KEY)
        .doesNotContain("OutOfMemoryError");
  }
}
