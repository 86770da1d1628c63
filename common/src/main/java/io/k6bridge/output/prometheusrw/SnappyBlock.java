package io.k6bridge.output.prometheusrw;

import java.util.Arrays;

/**
 * Snappy's block format (what Remote Write calls "snappy": no framing, no checksums), written in
 * plain Java. snappy-java binds its native code by class name, so it cannot be relocated inside a
 * plugin jar, and it extracts a native library to a temp directory at first use; this compressor
 * needs neither. Matches are found greedily through a hash of 4-byte sequences and encoded as
 * literals and copies with 2-byte offsets, which every Snappy decoder accepts.
 *
 * <p>One instance per thread: it reuses its hash table.
 */
public final class SnappyBlock {
  private static final int HASH_BITS = 14;
  private static final int MAX_OFFSET = 65535;
  private static final int MAX_COPY = 64;
  private static final int MIN_MATCH = 4;

  private final int[] table = new int[1 << HASH_BITS];

  /** The largest output {@link #compress} can produce for {@code length} input bytes. */
  public static int maxCompressedLength(int length) {
    return 32 + length + length / 6;
  }

  /** Compresses {@code in[0, length)} into a new array sized to the result. */
  public byte[] compress(byte[] in, int length) {
    byte[] out = new byte[maxCompressedLength(length)];
    int n = compress(in, length, out);
    return Arrays.copyOf(out, n);
  }

  /**
   * Compresses {@code in[0, length)} into {@code out}, which holds at least {@link
   * #maxCompressedLength} bytes; returns the compressed length.
   */
  public int compress(byte[] in, int length, byte[] out) {
    int o = writeVarint(out, 0, length);
    Arrays.fill(table, -1);
    int literalStart = 0;
    int i = 0;
    while (i <= length - MIN_MATCH) {
      int word = readInt(in, i);
      int h = (word * 0x1e35a7bd) >>> (32 - HASH_BITS);
      int candidate = table[h];
      table[h] = i;
      if (candidate >= 0 && i - candidate <= MAX_OFFSET && readInt(in, candidate) == word) {
        o = literal(in, literalStart, i - literalStart, out, o);
        int match = MIN_MATCH;
        while (i + match < length && in[candidate + match] == in[i + match]) {
          match++;
        }
        o = copy(i - candidate, match, out, o);
        i += match;
        literalStart = i;
      } else {
        i++;
      }
    }
    return literal(in, literalStart, length - literalStart, out, o);
  }

  private static int literal(byte[] in, int from, int length, byte[] out, int o) {
    if (length == 0) {
      return o;
    }
    int n = length - 1;
    if (n < 60) {
      out[o++] = (byte) (n << 2);
    } else {
      // Tag 60..63: the length-1 follows in 1..4 little-endian bytes.
      int bytes = n < (1 << 8) ? 1 : n < (1 << 16) ? 2 : n < (1 << 24) ? 3 : 4;
      out[o++] = (byte) ((59 + bytes) << 2);
      for (int b = 0; b < bytes; b++) {
        out[o++] = (byte) (n >>> (8 * b));
      }
    }
    System.arraycopy(in, from, out, o, length);
    return o + length;
  }

  private static int copy(int offset, int length, byte[] out, int o) {
    while (length > 0) {
      int n = Math.min(length, MAX_COPY);
      out[o++] = (byte) (((n - 1) << 2) | 2);
      out[o++] = (byte) offset;
      out[o++] = (byte) (offset >>> 8);
      length -= n;
    }
    return o;
  }

  private static int writeVarint(byte[] out, int o, int v) {
    while ((v & ~0x7f) != 0) {
      out[o++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[o++] = (byte) v;
    return o;
  }

  private static int readInt(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }
}
