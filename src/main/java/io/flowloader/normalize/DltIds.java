package io.flowloader.normalize;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * dlt's row keys ({@code _dlt_id}, docs/dlt-compatibility.md, "Lineage columns and row ids"):
 * random ids for roots, SHAKE-128 ids for child rows and for key-hashed (upsert) roots. All are 10
 * bytes in standard Base64 without padding, 14 characters. Not thread-safe (reuses one digest and
 * buffers); one instance per normalizer.
 *
 * <p>One id per row, so per-row costs matter: random bytes are drawn from the cryptographic RNG in
 * blocks, and the hashed text is written as bytes without an intermediate String and hashed by
 * BouncyCastle's SHAKE-128, whose digest is created when the first hashed id is needed.
 */
public final class DltIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  private static final int ID_BYTES = 10;
  private static final int ID_CHARS = 14;

  /** Random ids drawn per {@link SecureRandom#nextBytes} call. */
  private static final int RANDOM_BLOCK_IDS = 256;

  private SHAKEDigest digest;
  private final byte[] out = new byte[ID_BYTES];
  private final byte[] encoded = new byte[ID_CHARS];
  private byte[] input = new byte[128];
  private final byte[] randomBlock = new byte[ID_BYTES * RANDOM_BLOCK_IDS];
  private int randomUsed = randomBlock.length;

  /** A fresh random id. */
  public static String random() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return BASE64.encodeToString(bytes);
  }

  /**
   * A fresh random id, as {@link #random()}: 10 bytes of the same cryptographic RNG (taken from a
   * block drawn in advance, each byte used once), Base64 without padding.
   */
  String randomId() {
    if (randomUsed == randomBlock.length) {
      RANDOM.nextBytes(randomBlock);
      randomUsed = 0;
    }
    String id = encode(randomBlock, randomUsed);
    randomUsed += ID_BYTES;
    return id;
  }

  /** {@code SHAKE128(parentId + "_" + table + "_" + index)}. */
  String child(String parentId, String table, int index) {
    int n = put(parentId, 0);
    n = put('_', n);
    n = put(table, n);
    n = put('_', n);
    n = put(index, n);
    return hash(input, n);
  }

  /** SHAKE-128 of the UTF-8 bytes of {@code text}, 10 bytes, Base64 without padding. */
  String hash(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return hash(bytes, bytes.length);
  }

  private String hash(byte[] bytes, int length) {
    if (digest == null) {
      digest = new SHAKEDigest(128);
    }
    digest.update(bytes, 0, length);
    digest.doFinal(out, 0, ID_BYTES); // also resets the digest for the next id
    return encode(out, 0);
  }

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(StandardCharsets.ISO_8859_1);

  /** Standard Base64 without padding of the 10 bytes at {@code from}: 14 characters. */
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
    return new String(encoded, 0, ID_CHARS, StandardCharsets.ISO_8859_1);
  }

  /** Writes {@code s} as UTF-8 into {@link #input} at {@code at}; returns the new length. */
  private int put(String s, int at) {
    int length = s.length();
    ensure(at + length);
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        // Not ASCII: let the JDK encode it (surrogate pairs, replacement of lone surrogates).
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(at + utf8.length);
        System.arraycopy(utf8, 0, input, at, utf8.length);
        return at + utf8.length;
      }
      input[at + i] = (byte) c;
    }
    return at + length;
  }

  /** Writes {@code value} in decimal, as {@link Integer#toString(int)}, without the String. */
  private int put(int value, int at) {
    if (value < 0) {
      return put(Integer.toString(value), at);
    }
    int digits = 1;
    for (int v = value; v >= 10; v /= 10) {
      digits++;
    }
    ensure(at + digits);
    for (int p = at + digits - 1, v = value; p >= at; p--, v /= 10) {
      input[p] = (byte) ('0' + v % 10);
    }
    return at + digits;
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

  /** Static convenience for tests and the load side. */
  public static String childId(String parentId, String table, int index) {
    return new DltIds().child(parentId, table, index);
  }

  /** The key hash of an upsert root: SHAKE-128 of the compact, key-sorted JSON of its key. */
  public static String keyHash(String compactJson) {
    return new DltIds().hash(compactJson);
  }
}
