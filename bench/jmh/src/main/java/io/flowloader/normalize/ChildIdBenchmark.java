package io.flowloader.normalize;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHAKEDigest;
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

/**
 * Child {@code _dlt_id}s per second: {@link DltIds#child} with {@link Shake128} ({@code shake128})
 * against the same path with BouncyCastle's {@code SHAKEDigest} as the loader had it before
 * ({@code bouncyCastle}), for the benchmark records' {@code tags} rows (a 14-character parent id,
 * {@code bench_records__tags}, index 0 to 2). {@code *Digest} time the hash alone on those bytes.
 *
 * <p>{@link C1} runs the same benchmarks with {@code -XX:TieredStopAtLevel=1}, as the image runs
 * the loader. The class sits in the loader's package so it can call the package-private {@code
 * DltIds.child} and {@code Shake128} without widening their API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Threads(1)
public class ChildIdBenchmark {

  static final int PARENTS = 1_000;
  static final int CHILDREN = 3;
  static final String TABLE = "bench_records__tags";

  private String[] parents;
  private byte[][] inputs;
  private DltIds ids;
  private BouncyCastleChildIds reference;
  private Shake128 shake;
  private SHAKEDigest digest;
  private final byte[] out = new byte[10];

  /** Random-looking root ids, as {@link DltIds#random()} draws them, and their child-id inputs. */
  @Setup(Level.Trial)
  public void parents() {
    Random random = new Random(42);
    parents = new String[PARENTS];
    inputs = new byte[PARENTS][];
    byte[] bytes = new byte[10];
    for (int i = 0; i < PARENTS; i++) {
      random.nextBytes(bytes);
      parents[i] = java.util.Base64.getEncoder().withoutPadding().encodeToString(bytes);
      inputs[i] =
          (parents[i] + "_" + TABLE + "_" + (i % CHILDREN)).getBytes(StandardCharsets.UTF_8);
    }
    ids = new DltIds();
    reference = new BouncyCastleChildIds();
    shake = new Shake128();
    digest = new SHAKEDigest(128);
    for (int i = 0; i < PARENTS; i++) {
      String expected = reference.child(parents[i], TABLE, i % CHILDREN);
      if (!ids.child(parents[i], TABLE, i % CHILDREN).equals(expected)) {
        throw new IllegalStateException("Shake128 and BouncyCastle differ for " + parents[i]);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARENTS * CHILDREN)
  public void shake128(Blackhole sink) {
    for (String parent : parents) {
      for (int index = 0; index < CHILDREN; index++) {
        sink.consume(ids.child(parent, TABLE, index));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARENTS * CHILDREN)
  public void bouncyCastle(Blackhole sink) {
    for (String parent : parents) {
      for (int index = 0; index < CHILDREN; index++) {
        sink.consume(reference.child(parent, TABLE, index));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARENTS)
  public void shake128Digest(Blackhole sink) {
    for (byte[] input : inputs) {
      shake.digest(input, input.length, out, out.length);
      sink.consume(out[0]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARENTS)
  public void bouncyCastleDigest(Blackhole sink) {
    for (byte[] input : inputs) {
      digest.update(input, 0, input.length);
      digest.doFinal(out, 0, out.length);
      sink.consume(out[0]);
    }
  }

  /** The same benchmarks with C1 only, the image's {@code -XX:TieredStopAtLevel=1}. */
  @Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:TieredStopAtLevel=1"})
  public static class C1 extends ChildIdBenchmark {}

  /**
   * {@code DltIds.child} as it was with BouncyCastle (before {@link Shake128}): the same input
   * building and Base64, so the two benchmarks differ only in the digest.
   */
  static final class BouncyCastleChildIds {

    private static final byte[] ALPHABET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.ISO_8859_1);

    private SHAKEDigest digest;
    private final byte[] out = new byte[10];
    private final byte[] encoded = new byte[14];
    private byte[] input = new byte[128];

    String child(String parentId, String table, int index) {
      int n = put(parentId, 0);
      n = put('_', n);
      n = put(table, n);
      n = put('_', n);
      n = put(Integer.toString(index), n);
      return hash(input, n);
    }

    private String hash(byte[] bytes, int length) {
      if (digest == null) {
        digest = new SHAKEDigest(128);
      }
      digest.update(bytes, 0, length);
      digest.doFinal(out, 0, 10);
      return encode(out, 0);
    }

    private String encode(byte[] src, int from) {
      int o = 0;
      for (int i = from; i < from + 9; i += 3) {
        int bits = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
        encoded[o++] = ALPHABET[bits >>> 18];
        encoded[o++] = ALPHABET[(bits >>> 12) & 0x3f];
        encoded[o++] = ALPHABET[(bits >>> 6) & 0x3f];
        encoded[o++] = ALPHABET[bits & 0x3f];
      }
      int last = src[from + 9] & 0xff;
      encoded[o++] = ALPHABET[last >>> 2];
      encoded[o++] = ALPHABET[(last & 0x3) << 4];
      return new String(encoded, 0, 14, StandardCharsets.ISO_8859_1);
    }

    private int put(String s, int at) {
      int length = s.length();
      ensure(at + length);
      for (int i = 0; i < length; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          ensure(at + utf8.length);
          System.arraycopy(utf8, 0, input, at, utf8.length);
          return at + utf8.length;
        }
        input[at + i] = (byte) c;
      }
      return at + length;
    }

    private int put(char ascii, int at) {
      ensure(at + 1);
      input[at] = (byte) ascii;
      return at + 1;
    }

    private void ensure(int capacity) {
      if (capacity > input.length) {
        input = Arrays.copyOf(input, Math.max(capacity, input.length * 2));
      }
    }
  }
}
