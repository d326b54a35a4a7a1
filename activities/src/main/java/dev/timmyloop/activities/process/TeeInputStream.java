package dev.timmyloop.activities.process;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies every byte read to a shared log stream (raw bytes, so the log is exactly what was
 * printed).
 */
final class TeeInputStream extends FilterInputStream {
  private final OutputStream copy;

  TeeInputStream(InputStream in, OutputStream copy) {
    super(in);
    this.copy = copy;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && copy != null) {
      synchronized (copy) {
        copy.write(b);
      }
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0 && copy != null) {
      synchronized (copy) {
        copy.write(buf, off, n);
        copy.flush();
      }
    }
    return n;
  }
}
