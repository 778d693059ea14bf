package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Shake128} against the FIPS 202 examples and against BouncyCastle's SHAKE-128. */
class Shake128Tests {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyMessage() {
    // FIPS 202 example values (NIST CSRC, SHAKE128_Msg0), first 32 output bytes.
    assertThat(hex(new byte[0], 32))
        .isEqualTo("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
  }

  @Test
  void shortMessages() {
    assertThat(hex("abc".getBytes(StandardCharsets.US_ASCII), 32))
        .isEqualTo(reference("abc".getBytes(StandardCharsets.US_ASCII), 32))
        .isEqualTo("5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8");
    byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
    assertThat(hex(fox, 32))
        .isEqualTo(reference(fox, 32))
        .isEqualTo("f4202e3c5852f9182a0430fd8144f0a74b95e7417ecae17db0f8cfeed0e3e66e");
  }

  @Test
  void the1600BitMessageOf0xA3() {
    // FIPS 202 example SHAKE128_Msg1600: 200 bytes of 0xA3 (longer than one 168-byte block), 4096
    // output bits (longer than one squeeze block); BouncyCastle gives the whole output.
    byte[] message = new byte[200];
    Arrays.fill(message, (byte) 0xA3);
    String output = hex(message, 512);
    assertThat(output)
        .startsWith("131ab8d2b594946b9c81333f9bb6e0ce75c3b93104fa3469d3917457385da037");
    assertThat(output).isEqualTo(reference(message, 512));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 20260512})
  void equalsBouncyCastleForEveryInputLengthUpTo700(long seed) {
    Random random = new Random(seed);
    // One instance throughout: each digest must start from a fresh state.
    Shake128 shake = new Shake128();
    byte[] in = new byte[710];
    byte[] out = new byte[Shake128.RATE];
    for (int length = 0; length <= 700; length++) {
      random.nextBytes(in);
      int outLength = 1 + random.nextInt(Shake128.RATE);
      Arrays.fill(out, (byte) 0);
      shake.digest(in, length, out, outLength);
      assertThat(HEX.formatHex(out, 0, outLength))
          .as("input length %d, output length %d", length, outLength)
          .isEqualTo(reference(Arrays.copyOf(in, length), outLength));
      assertThat(Arrays.copyOfRange(out, outLength, out.length))
          .as("bytes after the output")
          .isEqualTo(new byte[out.length - outLength]);
    }
  }

  @ParameterizedTest(name = "input length {0}")
  @ValueSource(ints = {0, 1, 7, 8, 9, 31, 167, 168, 169, 335, 336, 337, 504})
  void equalsBouncyCastleForEveryOutputLength(int length) {
    Random random = new Random(length);
    byte[] in = new byte[length];
    random.nextBytes(in);
    Shake128 shake = new Shake128();
    for (int outLength = 0; outLength <= 2 * Shake128.RATE + 1; outLength++) {
      byte[] out = new byte[outLength];
      shake.digest(in, length, out, outLength);
      assertThat(HEX.formatHex(out))
          .as("output length %d", outLength)
          .isEqualTo(reference(in, outLength));
    }
  }

  @Test
  void rejectsLengthsOutsideTheArrays() {
    Shake128 shake = new Shake128();
    byte[] in = new byte[4];
    byte[] out = new byte[10];
    assertThatThrownBy(() -> shake.digest(in, 5, out, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shake.digest(in, -1, out, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shake.digest(in, 4, out, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shake.digest(in, 4, out, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String hex(byte[] message, int outLength) {
    byte[] out = new byte[outLength];
    new Shake128().digest(message, message.length, out, outLength);
    return HEX.formatHex(out);
  }

  private static String reference(byte[] message, int outLength) {
    SHAKEDigest digest = new SHAKEDigest(128);
    digest.update(message, 0, message.length);
    byte[] out = new byte[outLength];
    digest.doFinal(out, 0, outLength);
    return HEX.formatHex(out);
  }
}
