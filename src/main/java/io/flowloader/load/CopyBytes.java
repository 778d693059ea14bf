package io.flowloader.load;

import io.flowloader.normalize.DataType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A growable buffer of COPY text encoded straight to UTF-8 bytes: tab between fields, newline after
 * a row, {@code \N} for NULL, and backslash escapes for backslash, tab, newline and carriage return
 * (so an empty string stays distinct from NULL and no value can end a field or a row early); every
 * other character, control characters and emoji included, passes verbatim. The same bytes as the
 * StringBuilder encoder it replaced followed by {@code toString().getBytes(UTF_8)} ({@code
 * CopyBytesTests} compares the two over many values), without the StringBuilder, the intermediate
 * String, and the UTF-16 inflation a single non-Latin-1 character would cause for the rest of a
 * batch. Reused batch after batch by the staging sender thread; not thread-safe.
 */
final class CopyBytes {

  private static final byte[] NULL = {'\\', 'N'};
  private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes();

  private byte[] buf;
  private int len;

  CopyBytes(int capacity) {
    buf = new byte[Math.max(capacity, 16)];
  }

  byte[] array() {
    return buf;
  }

  int length() {
    return len;
  }

  void reset() {
    len = 0;
  }

  /** Appends one byte (a tab or newline between fields and rows). */
  void append(char ascii) {
    ensure(1);
    buf[len++] = (byte) ascii;
  }

  /** Appends {@code value} in COPY text format ({@link CopyText} for the text of single values). */
  void appendValue(DataType type, Object value) {
    if (value == null) {
      ensure(2);
      buf[len++] = NULL[0];
      buf[len++] = NULL[1];
      return;
    }
    switch (type) {
      case BOOL -> append(CopyText.booleanValue(value) ? 't' : 'f');
      case DOUBLE -> appendText(CopyText.doubleText(value), false);
      case BIGINT -> {
        if (value instanceof Long l) {
          appendLong(l);
        } else {
          appendText(CopyText.integerText(value), false);
        }
      }
      case DECIMAL -> appendText(CopyText.decimalText(value), false);
      case TIMESTAMP -> appendTimestamp(value);
      case TEXT, JSON -> appendText(value instanceof String s ? s : String.valueOf(value), true);
    }
  }

  /** Appends a non-negative or negative long in decimal, without an intermediate String. */
  void appendLong(long v) {
    if (v == Long.MIN_VALUE) {
      ensure(MIN_LONG.length);
      System.arraycopy(MIN_LONG, 0, buf, len, MIN_LONG.length);
      len += MIN_LONG.length;
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long limit = 10; digits < 19 && v >= limit; limit *= 10) {
      digits++;
    }
    int end = len + digits;
    for (int p = end - 1; p >= len; p--) {
      buf[p] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    len = end;
  }

  /**
   * Appends {@code s} as UTF-8; with {@code escape}, backslash, tab, newline and carriage return as
   * COPY escapes and U+0000 as U+FFFD (PostgreSQL text cannot hold it; the normalizer already
   * replaces it, docs/dlt-compatibility.md, "Where the service goes beyond dlt", this keeps a stray
   * one from failing the whole COPY). A lone surrogate becomes {@code ?}, as {@link
   * String#getBytes} encodes it.
   */
  void appendText(String s, boolean escape) {
    int n = s.length();
    // Worst case 3 bytes per char (a surrogate pair is 2 chars for 4 bytes; an escape 2 for 1).
    ensure(3 * n);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (escape && (c == '\\' || c <= '\r')) {
          switch (c) {
            case '\\' -> {
              b[p++] = '\\';
              b[p++] = '\\';
              continue;
            }
            case '\t' -> {
              b[p++] = '\\';
              b[p++] = 't';
              continue;
            }
            case '\n' -> {
              b[p++] = '\\';
              b[p++] = 'n';
              continue;
            }
            case '\r' -> {
              b[p++] = '\\';
              b[p++] = 'r';
              continue;
            }
            case '\0' -> {
              // U+FFFD (see above)
              b[p++] = (byte) 0xEF;
              b[p++] = (byte) 0xBF;
              b[p++] = (byte) 0xBD;
              continue;
            }
            default -> {
              // other control characters pass verbatim
            }
          }
        }
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        b[p++] = '?';
      }
    }
    len = p;
  }

  /**
   * Appends {@link CopyText#timestampText}'s text. The common case, a UTC date-time of years 1–9999
   * (every timestamp the normalizer makes), is written digit by digit: formatting with a
   * DateTimeFormatter per value is costly at this volume (bench/README.md). Anything else goes
   * through the formatter, so the text is the same either way ({@code CopyTextTests} compares).
   */
  void appendTimestamp(Object value) {
    OffsetDateTime t = null;
    if (value instanceof OffsetDateTime o) {
      t = o.getOffset().equals(ZoneOffset.UTC) ? o : o.withOffsetSameInstant(ZoneOffset.UTC);
    } else if (value instanceof java.time.Instant i) {
      t = i.atOffset(ZoneOffset.UTC);
    }
    if (t == null || t.getYear() < 0 || t.getYear() > 9999) {
      appendText(CopyText.timestampText(value), false);
      return;
    }
    ensure(32);
    byte[] b = buf;
    int p = len;
    p = digits(b, p, t.getYear(), 4);
    b[p++] = '-';
    p = digits(b, p, t.getMonthValue(), 2);
    b[p++] = '-';
    p = digits(b, p, t.getDayOfMonth(), 2);
    b[p++] = ' ';
    p = digits(b, p, t.getHour(), 2);
    b[p++] = ':';
    p = digits(b, p, t.getMinute(), 2);
    b[p++] = ':';
    p = digits(b, p, t.getSecond(), 2);
    b[p++] = '.';
    p = digits(b, p, t.getNano() / 1000, 6);
    b[p++] = '+';
    b[p++] = '0';
    b[p++] = '0';
    b[p++] = ':';
    b[p++] = '0';
    b[p++] = '0';
    len = p;
  }

  /** Writes {@code value} (0 ≤ value < 10^width) with leading zeros to {@code width} digits. */
  private static int digits(byte[] b, int p, int value, int width) {
    for (int q = p + width - 1; q >= p; q--) {
      b[q] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
    }
  }
}
