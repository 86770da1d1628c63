package io.k6bridge.output.text;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array that file outputs encode lines into before one write per flush. Reused
 * across flushes, so encoding allocates nothing once it has grown to its working size.
 */
public final class TextBuffer {
  private byte[] bytes;
  private int size;

  public TextBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  public int size() {
    return size;
  }

  public void reset() {
    size = 0;
  }

  public TextBuffer append(byte b) {
    ensure(1);
    bytes[size++] = b;
    return this;
  }

  public TextBuffer append(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
    return this;
  }

  /** Appends text known to be ASCII (literals, digits, format names). */
  public TextBuffer appendAscii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[size++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Appends {@code s} as UTF-8; a lone surrogate becomes U+FFFD, as Go would show it. */
  public TextBuffer appendUtf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        append((byte) c);
      } else if (c < 0x800) {
        append((byte) (0xC0 | c >> 6)).append((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        append((byte) (0xF0 | cp >> 18)).append((byte) (0x80 | (cp >> 12 & 0x3F)));
        append((byte) (0x80 | (cp >> 6 & 0x3F))).append((byte) (0x80 | (cp & 0x3F)));
      } else {
        int cp = Character.isSurrogate(c) ? 0xFFFD : c;
        append((byte) (0xE0 | cp >> 12)).append((byte) (0x80 | (cp >> 6 & 0x3F)));
        append((byte) (0x80 | (cp & 0x3F)));
      }
    }
    return this;
  }

  /** Appends a decimal integer without going through a String. */
  public TextBuffer appendLong(long v) {
    if (v == Long.MIN_VALUE) {
      return appendAscii("-9223372036854775808");
    }
    if (v < 0) {
      append((byte) '-');
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    return appendPadded(v, digits);
  }

  /** Appends a non-negative {@code v} zero-padded to exactly {@code width} digits. */
  public TextBuffer appendPadded(long v, int width) {
    ensure(width);
    for (int i = size + width - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    size += width;
    return this;
  }

  /** A copy of the contents, for caching encoded fragments. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
