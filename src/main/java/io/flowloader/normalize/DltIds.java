package io.flowloader.normalize;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * dlt's row keys ({@code _dlt_id}, dlt-compat.md §3.4): random ids for roots, SHAKE-128 ids for
 * child rows and for key-hashed (upsert) roots. All are 10 bytes in standard Base64 without
 * padding, 14 characters. Not thread-safe (reuses one digest); one instance per normalizer.
 */
public final class DltIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  private static final int ID_BYTES = 10;

  private final SHAKEDigest digest = new SHAKEDigest(128);
  private final byte[] out = new byte[ID_BYTES];
  private final StringBuilder buffer = new StringBuilder(64);

  /** A fresh random id. */
  public static String random() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return BASE64.encodeToString(bytes);
  }

  /** {@code SHAKE128(parentId + "_" + table + "_" + index)}. */
  String child(String parentId, String table, int index) {
    buffer.setLength(0);
    buffer.append(parentId).append('_').append(table).append('_').append(index);
    return hash(buffer.toString());
  }

  /** SHAKE-128 of the UTF-8 bytes of {@code text}, 10 bytes, Base64 without padding. */
  String hash(String text) {
    byte[] input = text.getBytes(StandardCharsets.UTF_8);
    digest.update(input, 0, input.length);
    digest.doFinal(out, 0, ID_BYTES);
    return BASE64.encodeToString(out);
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
