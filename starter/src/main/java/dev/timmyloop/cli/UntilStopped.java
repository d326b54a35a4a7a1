package dev.timmyloop.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks until SIGTERM or SIGINT; the shutdown hook runs {@code onStop} before the JVM exits. */
final class UntilStopped {
  private UntilStopped() {}

  static void await(Runnable onStop) {
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  onStop.run();
                  done.countDown();
                },
                "timmy-stop"));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
