package dev.timmyloop.activities.process;

/**
 * Keeps the first and the last {@code limit} characters of a stream of text, so memory stays
 * bounded however much a process prints. Thread-safe.
 */
public final class OutputBuffer {
  private final int limit;
  private final StringBuilder head = new StringBuilder();
  private final char[] ring;
  private int ringStart;
  private int ringLength;
  private long total;

  public OutputBuffer(int limit) {
    this.limit = limit;
    this.ring = new char[limit];
  }

  public synchronized void append(char[] chars, int off, int len) {
    total += len;
    int headRoom = Math.min(limit - head.length(), len);
    if (headRoom > 0) head.append(chars, off, headRoom);
    for (int i = 0; i < len; i++) {
      int pos = (ringStart + ringLength) % limit;
      ring[pos] = chars[off + i];
      if (ringLength < limit) ringLength++;
      else ringStart = (ringStart + 1) % limit;
    }
  }

  /** Everything, when it fit; otherwise head and tail joined by a marker. */
  public synchronized String text() {
    if (total <= limit) return head.toString();
    String tail = tail();
    if (total <= 2L * limit) return head + tail.substring((int) (2L * limit - total));
    return head + "\n…[" + (total - 2L * limit) + " chars cut]\n" + tail;
  }

  /** The last {@code limit} characters (everything, when it fit). */
  public synchronized String tail() {
    StringBuilder sb = new StringBuilder(ringLength);
    for (int i = 0; i < ringLength; i++) sb.append(ring[(ringStart + i) % limit]);
    return sb.toString();
  }

  /** True when nothing was dropped. */
  public synchronized boolean complete() {
    return total <= limit;
  }
}
