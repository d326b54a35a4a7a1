package dev.timmyloop.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the spool files the repositories' post-receive hooks append {@code old new ref} lines to,
 * and hands each complete new line to the forge. Polled every 50 ms, and on demand by awaitCiIdle.
 */
final class PushWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PushWatcher.class);

  /** Receives one ref update. */
  @FunctionalInterface
  interface Listener {
    void refUpdated(ForgeRepo repo, String oldSha, String newSha, String ref);
  }

  private final Supplier<Collection<ForgeRepo>> repos;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean running = true;

  PushWatcher(Supplier<Collection<ForgeRepo>> repos, Listener listener) {
    this.repos = repos;
    this.listener = listener;
    this.thread = new Thread(this::loop, "sandbox-push-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        poll();
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("push watcher failed", e);
      }
    }
  }

  /** Reads every spool once; synchronized so two pollers never hand a line over twice. */
  synchronized void poll() {
    for (ForgeRepo repo : repos.get()) {
      String chunk;
      try (RandomAccessFile f = new RandomAccessFile(repo.spool.toFile(), "r")) {
        long len = f.length();
        if (len <= repo.spoolOffset) continue;
        byte[] buf = new byte[(int) (len - repo.spoolOffset)];
        f.seek(repo.spoolOffset);
        f.readFully(buf);
        chunk = new String(buf, StandardCharsets.UTF_8);
        int end = chunk.lastIndexOf('\n');
        if (end < 0) continue;
        chunk = chunk.substring(0, end + 1);
        repo.spoolOffset += chunk.getBytes(StandardCharsets.UTF_8).length;
      } catch (IOException e) {
        continue;
      }
      for (String line : chunk.split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 3) listener.refUpdated(repo, parts[0], parts[1], parts[2]);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
