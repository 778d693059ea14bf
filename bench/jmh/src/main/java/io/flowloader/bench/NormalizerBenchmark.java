package io.flowloader.bench;

import io.flowloader.normalize.LoadId;
import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.ResourceSettings;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.WriteDisposition;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Normalizer throughput per core (issue 7): records of the benchmark shape (the simulator's {@code
 * /__sim/bench/records}: 15 top-level fields, two nested objects, a 2–3 element {@code tags} list)
 * turned into root and child rows by one thread. {@code parseAndNormalize} adds the JSON parsing
 * the extract stage does before normalizing. Scores are records per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class NormalizerBenchmark {

  static final int BATCH = 1_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private byte[][] texts;
  private JsonNode[] records;
  private Normalizer normalizer;

  @Setup(Level.Trial)
  public void records() {
    texts = new byte[BATCH][];
    records = new JsonNode[BATCH];
    for (int i = 0; i < BATCH; i++) {
      texts[i] = record(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      records[i] = JSON.readTree(texts[i]);
    }
  }

  /** A fresh normalizer per iteration, so its schema is learned once and rows stay independent. */
  @Setup(Level.Iteration)
  public void normalizer() {
    normalizer =
        new Normalizer(
            Schema.empty("bench"),
            LoadId.next(),
            Map.of("bench_records", ResourceSettings.of(WriteDisposition.MERGE, "id.id")));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void normalize(Blackhole sink) {
    for (JsonNode record : records) {
      normalizer.normalize("bench_records", record, sink::consume);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parseAndNormalize(Blackhole sink) {
    for (byte[] text : texts) {
      normalizer.normalize("bench_records", JSON.readTree(text), sink::consume);
    }
  }

  /** The same shape and value variety as the simulator's BenchController writes. */
  static String record(int i) {
    String uuid = String.format("%08x-1b3d-4e5f-8a9b-%012x", i, i * 7919L);
    String tags = "{\"name\":\"tag-" + (i % 16) + "\",\"weight\":1},{\"name\":\"tag-" + (i % 7) + "\",\"weight\":2}";
    if (i % 2 == 1) {
      tags += ",{\"name\":\"tag-" + (i % 5) + "\",\"weight\":3}";
    }
    return "{\"id\":{\"id\":\""
        + uuid
        + "\",\"versionId\":\""
        + uuid.replace("1b3d", "2c4e")
        + "\"},\"developerName\":\"Bench flow "
        + i
        + "\",\"developerSummary\":\"Deterministic benchmark record number "
        + i
        + "\",\"whoModified\":{\"id\":\""
        + uuid.replace("1b3d", "3d5f")
        + "\",\"email\":\"user"
        + (i % 100)
        + "@bench.example.com\"},\"dateCreated\":\"2023-12-31T00:00:"
        + String.format("%02d", i % 60)
        + ".1234567Z\",\"dateModified\":\"2024-01-01T00:00:"
        + String.format("%02d", i % 60)
        + "Z\",\"isActive\":"
        + (i % 2 == 0)
        + ",\"isDefault\":"
        + (i % 3 == 0)
        + ",\"stateExpirationLength\":"
        + (i % 30)
        + ",\"idleStateExpirationLength\":"
        + (30 + i % 60)
        + ",\"comment\":"
        + (i % 3 == 0 ? "null" : "\"Comment " + i + "\"")
        + ",\"tags\":["
        + tags
        + "],\"category\":\""
        + (i % 2 == 0 ? "finance" : "operations")
        + "\",\"priority\":\""
        + (i % 5 == 0 ? "high" : "normal")
        + "\",\"region\":\""
        + (i % 4 == 0 ? "eu" : "us")
        + "\"}";
  }
}
