package io.flowloader.normalize;

/**
 * SHAKE-128 (FIPS 202: Keccak-f[1600], rate 168 bytes, domain and padding byte {@code 0x1F}) for
 * the SHAKE-128 ids and tags dlt computes: child and key-hash {@code _dlt_id}s ({@link DltIds}) and
 * the identifier-shortening tag ({@link NamingConvention#tag}).
 *
 * <p>It exists because of the child-id path: one hash per child row, and the loader runs with C1
 * only ({@code -XX:TieredStopAtLevel=1}), where BouncyCastle's generic sponge cost about 8 % of the
 * CPU of a 100k-record load, much of it outside the permutation (buffering each byte, padding,
 * resetting). Here a short message is absorbed, padded and squeezed in one method without
 * allocating, and the permutation keeps the 25 lanes in locals, so that C1 compiles it to straight
 * register and stack arithmetic.
 *
 * <p>Checked against BouncyCastle's {@code SHAKEDigest(128)} and the FIPS 202 examples in the
 * tests. Not thread-safe: an instance reuses its state array; use one per thread.
 */
final class Shake128 {

  /** Bytes absorbed or squeezed per permutation: 1600 bits minus twice the 128-bit security. */
  static final int RATE = 168;

  private static final int RATE_LANES = RATE / 8;
  private static final int ROUNDS = 24;

  private static final long[] RC = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808AL, 0x8000000080008000L,
    0x000000000000808BL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008AL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000AL,
    0x000000008000808BL, 0x800000000000008BL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800AL, 0x800000008000000AL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
  };

  /** The sponge state, lane {@code x + 5y}; only meaningful during {@link #digest}. */
  private final long[] state = new long[25];

  /**
   * Writes the first {@code outLen} bytes of SHAKE-128 of {@code in[0, len)} to {@code out[0,
   * outLen)}.
   */
  void digest(byte[] in, int len, byte[] out, int outLen) {
    if (len < 0 || len > in.length || outLen < 0 || outLen > out.length) {
      throw new IllegalArgumentException(
          "length " + len + " of " + in.length + ", output " + outLen + " of " + out.length);
    }
    long[] s = state;
    for (int i = 0; i < 25; i++) {
      s[i] = 0L;
    }
    int off = 0;
    // Lanes are read with explicit shifts: a helper method would be too large for C1 to inline.
    for (; len - off >= RATE; off += RATE) {
      for (int i = 0; i < RATE_LANES; i++) {
        int p = off + (i << 3);
        s[i] ^=
            (in[p] & 0xFFL)
                | (in[p + 1] & 0xFFL) << 8
                | (in[p + 2] & 0xFFL) << 16
                | (in[p + 3] & 0xFFL) << 24
                | (in[p + 4] & 0xFFL) << 32
                | (in[p + 5] & 0xFFL) << 40
                | (in[p + 6] & 0xFFL) << 48
                | (in[p + 7] & 0xFFL) << 56;
      }
      permute(s);
    }
    int rest = len - off;
    int full = rest >>> 3;
    for (int i = 0; i < full; i++) {
      int p = off + (i << 3);
      s[i] ^=
          (in[p] & 0xFFL)
              | (in[p + 1] & 0xFFL) << 8
              | (in[p + 2] & 0xFFL) << 16
              | (in[p + 3] & 0xFFL) << 24
              | (in[p + 4] & 0xFFL) << 32
              | (in[p + 5] & 0xFFL) << 40
              | (in[p + 6] & 0xFFL) << 48
              | (in[p + 7] & 0xFFL) << 56;
    }
    // The last, partial lane carries the domain and first padding bits right after the message.
    int tail = rest & 7;
    long lane = 0x1FL << (tail << 3);
    for (int i = 0, p = off + (full << 3); i < tail; i++) {
      lane |= (in[p + i] & 0xFFL) << (i << 3);
    }
    s[full] ^= lane;
    s[RATE_LANES - 1] ^= 0x8000000000000000L;
    permute(s);
    for (int o = 0; ; ) {
      int n = outLen - o < RATE ? outLen - o : RATE;
      for (int i = 0; i < n; i++) {
        out[o + i] = (byte) (s[i >>> 3] >>> ((i & 7) << 3));
      }
      o += n;
      if (o == outLen) {
        return;
      }
      permute(s);
    }
  }

  /** Keccak-f[1600] on {@code s}: the 24 rounds of theta, rho and pi, chi and iota. */
  private static void permute(long[] s) {
    long a00 = s[0];
    long a10 = s[1];
    long a20 = s[2];
    long a30 = s[3];
    long a40 = s[4];
    long a01 = s[5];
    long a11 = s[6];
    long a21 = s[7];
    long a31 = s[8];
    long a41 = s[9];
    long a02 = s[10];
    long a12 = s[11];
    long a22 = s[12];
    long a32 = s[13];
    long a42 = s[14];
    long a03 = s[15];
    long a13 = s[16];
    long a23 = s[17];
    long a33 = s[18];
    long a43 = s[19];
    long a04 = s[20];
    long a14 = s[21];
    long a24 = s[22];
    long a34 = s[23];
    long a44 = s[24];
    for (int round = 0; round < ROUNDS; round++) {
      long c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
      long c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
      long c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
      long c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
      long c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      long b00 = a00 ^ d0;
      long b10 = Long.rotateLeft(a11 ^ d1, 44);
      long b20 = Long.rotateLeft(a22 ^ d2, 43);
      long b30 = Long.rotateLeft(a33 ^ d3, 21);
      long b40 = Long.rotateLeft(a44 ^ d4, 14);
      long b01 = Long.rotateLeft(a30 ^ d3, 28);
      long b11 = Long.rotateLeft(a41 ^ d4, 20);
      long b21 = Long.rotateLeft(a02 ^ d0, 3);
      long b31 = Long.rotateLeft(a13 ^ d1, 45);
      long b41 = Long.rotateLeft(a24 ^ d2, 61);
      long b02 = Long.rotateLeft(a10 ^ d1, 1);
      long b12 = Long.rotateLeft(a21 ^ d2, 6);
      long b22 = Long.rotateLeft(a32 ^ d3, 25);
      long b32 = Long.rotateLeft(a43 ^ d4, 8);
      long b42 = Long.rotateLeft(a04 ^ d0, 18);
      long b03 = Long.rotateLeft(a40 ^ d4, 27);
      long b13 = Long.rotateLeft(a01 ^ d0, 36);
      long b23 = Long.rotateLeft(a12 ^ d1, 10);
      long b33 = Long.rotateLeft(a23 ^ d2, 15);
      long b43 = Long.rotateLeft(a34 ^ d3, 56);
      long b04 = Long.rotateLeft(a20 ^ d2, 62);
      long b14 = Long.rotateLeft(a31 ^ d3, 55);
      long b24 = Long.rotateLeft(a42 ^ d4, 39);
      long b34 = Long.rotateLeft(a03 ^ d0, 41);
      long b44 = Long.rotateLeft(a14 ^ d1, 2);
      a00 = b00 ^ (~b10 & b20);
      a10 = b10 ^ (~b20 & b30);
      a20 = b20 ^ (~b30 & b40);
      a30 = b30 ^ (~b40 & b00);
      a40 = b40 ^ (~b00 & b10);
      a01 = b01 ^ (~b11 & b21);
      a11 = b11 ^ (~b21 & b31);
      a21 = b21 ^ (~b31 & b41);
      a31 = b31 ^ (~b41 & b01);
      a41 = b41 ^ (~b01 & b11);
      a02 = b02 ^ (~b12 & b22);
      a12 = b12 ^ (~b22 & b32);
      a22 = b22 ^ (~b32 & b42);
      a32 = b32 ^ (~b42 & b02);
      a42 = b42 ^ (~b02 & b12);
      a03 = b03 ^ (~b13 & b23);
      a13 = b13 ^ (~b23 & b33);
      a23 = b23 ^ (~b33 & b43);
      a33 = b33 ^ (~b43 & b03);
      a43 = b43 ^ (~b03 & b13);
      a04 = b04 ^ (~b14 & b24);
      a14 = b14 ^ (~b24 & b34);
      a24 = b24 ^ (~b34 & b44);
      a34 = b34 ^ (~b44 & b04);
      a44 = b44 ^ (~b04 & b14);
      a00 ^= RC[round];
    }
    s[0] = a00;
    s[1] = a10;
    s[2] = a20;
    s[3] = a30;
    s[4] = a40;
    s[5] = a01;
    s[6] = a11;
    s[7] = a21;
    s[8] = a31;
    s[9] = a41;
    s[10] = a02;
    s[11] = a12;
    s[12] = a22;
    s[13] = a32;
    s[14] = a42;
    s[15] = a03;
    s[16] = a13;
    s[17] = a23;
    s[18] = a33;
    s[19] = a43;
    s[20] = a04;
    s[21] = a14;
    s[22] = a24;
    s[23] = a34;
    s[24] = a44;
  }
}
