package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;

/**
 * The SHAKE-128 behind dlt's hashed ids and name tags: BouncyCastle's digest against the FIPS 202
 * examples, and {@link DltIds} and {@link NamingConvention#tag} as prefixes of that output.
 */
class ShakeDigestTests {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyMessage() {
    // FIPS 202 example values (NIST CSRC, SHAKE128_Msg0), first 32 output bytes.
    assertThat(shake(new byte[0], 32))
        .isEqualTo("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
  }

  @Test
  void shortMessages() {
    assertThat(shake(ascii("abc"), 32))
        .isEqualTo("5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8");
    assertThat(shake(ascii("The quick brown fox jumps over the lazy dog"), 32))
        .isEqualTo("f4202e3c5852f9182a0430fd8144f0a74b95e7417ecae17db0f8cfeed0e3e66e");
  }

  @Test
  void the1600BitMessageOf0xA3() {
    // FIPS 202 example SHAKE128_Msg1600: 200 bytes of 0xA3, longer than one 168-byte block.
    byte[] message = new byte[200];
    Arrays.fill(message, (byte) 0xA3);
    assertThat(shake(message, 32))
        .isEqualTo("131ab8d2b594946b9c81333f9bb6e0ce75c3b93104fa3469d3917457385da037");
  }

  @Test
  void hashedIdsAreTheFirstTenBytesInBase64() {
    assertThat(new DltIds().hash("abc")).isEqualTo(base64("5881092dd818bf5cf8a3"));
    assertThat(DltIds.keyHash("The quick brown fox jumps over the lazy dog"))
        .isEqualTo(base64("f4202e3c5852f9182a04"));
  }

  @Test
  void oneDltIdsGivesEachTextItsOwnDigest() {
    // DltIds reuses one digest: every id must start from a fresh state, for texts shorter and
    // longer than a block.
    DltIds ids = new DltIds();
    Random random = new Random(20260512);
    for (int length = 0; length <= 400; length++) {
      char[] text = new char[length];
      for (int i = 0; i < length; i++) {
        text[i] = (char) ('a' + random.nextInt(26));
      }
      String s = new String(text);
      assertThat(ids.hash(s)).as("length %d", length).isEqualTo(base64(shake(ascii(s), 10)));
    }
  }

  @Test
  void nameTagsAreTheFirstFourBytes() {
    // "abc": 58 81 09 2d → WIEJLQ → lower-cased
    assertThat(NamingConvention.tag("abc")).isEqualTo("wiejlq");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String base64(String hex) {
    return Base64.getEncoder().withoutPadding().encodeToString(HEX.parseHex(hex));
  }

  private static String shake(byte[] message, int outLength) {
    SHAKEDigest digest = new SHAKEDigest(128);
    digest.update(message, 0, message.length);
    byte[] out = new byte[outLength];
    digest.doFinal(out, 0, outLength);
    return HEX.formatHex(out);
  }
}
