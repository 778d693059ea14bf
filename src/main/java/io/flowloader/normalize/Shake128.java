package io.flowloader.normalize;

/**
 * SHAKE-128 (FIPS 202: Keccak-f[1600], rate 168 bytes, domain and padding byte {@code 0x1F}) for
 * the SHAKE-128 ids and tags dlt computes: child and key-hash {@code _dlt_id}s ({@link DltIds}) and
 * the identifier-shortening tag ({@link NamingConvention#tag}).
 *
 * <p>It exists because of the child-id path: one hash per child row, and the loader runs with C1
 * only ({@code -XX:TieredStopAtLevel=1}), where BouncyCastle's generic sponge (its permutation plus
 * per-call buffering of each byte, padding and resetting) took about 8 % of the CPU of a
 * 100k-record load. Here a short message is absorbed, padded and squeezed in one method without
 * allocating, and the permutation keeps the 25 lanes in locals, so that C1 compiles it to straight
 * register and stack arithmetic: about 1.4 times BouncyCastle's digests per second under C1, about
 * the same with C2 ({@code ChildIdBenchmark} in {@code bench/jmh}).
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

  /**
   * Keccak-f[1600] on {@code s}: the 24 rounds of theta, rho and pi, chi and iota, lane {@code
   * a<x><y>} in a local. Each output row of rho-pi goes straight into chi through five temporaries
   * {@code b0..b4}, so the new lanes need a second set ({@code e<x><y>}); two rounds per iteration
   * alternate between the sets instead of copying back. That keeps fewer values live than computing
   * all 25 rho-pi lanes first, about 10 % faster under C1 here.
   *
   * <p>Chi uses the Keccak team's lane complementing (XKCP's "bebigokimisa"): with lanes 1, 2, 8,
   * 12, 17 and 20 kept inverted inside the permutation, chi needs 5 NOTs per round instead of 25
   * (C1 has no and-not instruction), another 5 % under C1. The formulas per row are XKCP's.
   */
  private static void permute(long[] s) {
    long a00 = s[0];
    long a10 = ~s[1];
    long a20 = ~s[2];
    long a30 = s[3];
    long a40 = s[4];
    long a01 = s[5];
    long a11 = s[6];
    long a21 = s[7];
    long a31 = ~s[8];
    long a41 = s[9];
    long a02 = s[10];
    long a12 = s[11];
    long a22 = ~s[12];
    long a32 = s[13];
    long a42 = s[14];
    long a03 = s[15];
    long a13 = s[16];
    long a23 = ~s[17];
    long a33 = s[18];
    long a43 = s[19];
    long a04 = ~s[20];
    long a14 = s[21];
    long a24 = s[22];
    long a34 = s[23];
    long a44 = s[24];
    for (int round = 0; round < ROUNDS; round += 2) {
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
      long b0 = a00 ^ d0;
      long b1 = Long.rotateLeft(a11 ^ d1, 44);
      long b2 = Long.rotateLeft(a22 ^ d2, 43);
      long b3 = Long.rotateLeft(a33 ^ d3, 21);
      long b4 = Long.rotateLeft(a44 ^ d4, 14);
      long e00 = b0 ^ (b1 | b2) ^ RC[round];
      long e10 = b1 ^ (~b2 | b3);
      long e20 = b2 ^ (b3 & b4);
      long e30 = b3 ^ (b4 | b0);
      long e40 = b4 ^ (b0 & b1);
      b0 = Long.rotateLeft(a30 ^ d3, 28);
      b1 = Long.rotateLeft(a41 ^ d4, 20);
      b2 = Long.rotateLeft(a02 ^ d0, 3);
      b3 = Long.rotateLeft(a13 ^ d1, 45);
      b4 = Long.rotateLeft(a24 ^ d2, 61);
      long e01 = b0 ^ (b1 | b2);
      long e11 = b1 ^ (b2 & b3);
      long e21 = b2 ^ (b3 | ~b4);
      long e31 = b3 ^ (b4 | b0);
      long e41 = b4 ^ (b0 & b1);
      b0 = Long.rotateLeft(a10 ^ d1, 1);
      b1 = Long.rotateLeft(a21 ^ d2, 6);
      b2 = Long.rotateLeft(a32 ^ d3, 25);
      b3 = Long.rotateLeft(a43 ^ d4, 8);
      b4 = Long.rotateLeft(a04 ^ d0, 18);
      long e02 = b0 ^ (b1 | b2);
      long e12 = b1 ^ (b2 & b3);
      long e22 = b2 ^ (~b3 & b4);
      long e32 = ~b3 ^ (b4 | b0);
      long e42 = b4 ^ (b0 & b1);
      b0 = Long.rotateLeft(a40 ^ d4, 27);
      b1 = Long.rotateLeft(a01 ^ d0, 36);
      b2 = Long.rotateLeft(a12 ^ d1, 10);
      b3 = Long.rotateLeft(a23 ^ d2, 15);
      b4 = Long.rotateLeft(a34 ^ d3, 56);
      long e03 = b0 ^ (b1 & b2);
      long e13 = b1 ^ (b2 | b3);
      long e23 = b2 ^ (~b3 | b4);
      long e33 = ~b3 ^ (b4 & b0);
      long e43 = b4 ^ (b0 | b1);
      b0 = Long.rotateLeft(a20 ^ d2, 62);
      b1 = Long.rotateLeft(a31 ^ d3, 55);
      b2 = Long.rotateLeft(a42 ^ d4, 39);
      b3 = Long.rotateLeft(a03 ^ d0, 41);
      b4 = Long.rotateLeft(a14 ^ d1, 2);
      long e04 = b0 ^ (~b1 & b2);
      long e14 = ~b1 ^ (b2 | b3);
      long e24 = b2 ^ (b3 & b4);
      long e34 = b3 ^ (b4 | b0);
      long e44 = b4 ^ (b0 & b1);
      c0 = e00 ^ e01 ^ e02 ^ e03 ^ e04;
      c1 = e10 ^ e11 ^ e12 ^ e13 ^ e14;
      c2 = e20 ^ e21 ^ e22 ^ e23 ^ e24;
      c3 = e30 ^ e31 ^ e32 ^ e33 ^ e34;
      c4 = e40 ^ e41 ^ e42 ^ e43 ^ e44;
      d0 = c4 ^ Long.rotateLeft(c1, 1);
      d1 = c0 ^ Long.rotateLeft(c2, 1);
      d2 = c1 ^ Long.rotateLeft(c3, 1);
      d3 = c2 ^ Long.rotateLeft(c4, 1);
      d4 = c3 ^ Long.rotateLeft(c0, 1);
      b0 = e00 ^ d0;
      b1 = Long.rotateLeft(e11 ^ d1, 44);
      b2 = Long.rotateLeft(e22 ^ d2, 43);
      b3 = Long.rotateLeft(e33 ^ d3, 21);
      b4 = Long.rotateLeft(e44 ^ d4, 14);
      a00 = b0 ^ (b1 | b2) ^ RC[round + 1];
      a10 = b1 ^ (~b2 | b3);
      a20 = b2 ^ (b3 & b4);
      a30 = b3 ^ (b4 | b0);
      a40 = b4 ^ (b0 & b1);
      b0 = Long.rotateLeft(e30 ^ d3, 28);
      b1 = Long.rotateLeft(e41 ^ d4, 20);
      b2 = Long.rotateLeft(e02 ^ d0, 3);
      b3 = Long.rotateLeft(e13 ^ d1, 45);
      b4 = Long.rotateLeft(e24 ^ d2, 61);
      a01 = b0 ^ (b1 | b2);
      a11 = b1 ^ (b2 & b3);
      a21 = b2 ^ (b3 | ~b4);
      a31 = b3 ^ (b4 | b0);
      a41 = b4 ^ (b0 & b1);
      b0 = Long.rotateLeft(e10 ^ d1, 1);
      b1 = Long.rotateLeft(e21 ^ d2, 6);
      b2 = Long.rotateLeft(e32 ^ d3, 25);
      b3 = Long.rotateLeft(e43 ^ d4, 8);
      b4 = Long.rotateLeft(e04 ^ d0, 18);
      a02 = b0 ^ (b1 | b2);
      a12 = b1 ^ (b2 & b3);
      a22 = b2 ^ (~b3 & b4);
      a32 = ~b3 ^ (b4 | b0);
      a42 = b4 ^ (b0 & b1);
      b0 = Long.rotateLeft(e40 ^ d4, 27);
      b1 = Long.rotateLeft(e01 ^ d0, 36);
      b2 = Long.rotateLeft(e12 ^ d1, 10);
      b3 = Long.rotateLeft(e23 ^ d2, 15);
      b4 = Long.rotateLeft(e34 ^ d3, 56);
      a03 = b0 ^ (b1 & b2);
      a13 = b1 ^ (b2 | b3);
      a23 = b2 ^ (~b3 | b4);
      a33 = ~b3 ^ (b4 & b0);
      a43 = b4 ^ (b0 | b1);
      b0 = Long.rotateLeft(e20 ^ d2, 62);
      b1 = Long.rotateLeft(e31 ^ d3, 55);
      b2 = Long.rotateLeft(e42 ^ d4, 39);
      b3 = Long.rotateLeft(e03 ^ d0, 41);
      b4 = Long.rotateLeft(e14 ^ d1, 2);
      a04 = b0 ^ (~b1 & b2);
      a14 = ~b1 ^ (b2 | b3);
      a24 = b2 ^ (b3 & b4);
      a34 = b3 ^ (b4 | b0);
      a44 = b4 ^ (b0 & b1);
    }
    s[0] = a00;
    s[1] = ~a10;
    s[2] = ~a20;
    s[3] = a30;
    s[4] = a40;
    s[5] = a01;
    s[6] = a11;
    s[7] = a21;
    s[8] = ~a31;
    s[9] = a41;
    s[10] = a02;
    s[11] = a12;
    s[12] = ~a22;
    s[13] = a32;
    s[14] = a42;
    s[15] = a03;
    s[16] = a13;
    s[17] = ~a23;
    s[18] = a33;
    s[19] = a43;
    s[20] = ~a04;
    s[21] = a14;
    s[22] = a24;
    s[23] = a34;
    s[24] = a44;
  }
}
