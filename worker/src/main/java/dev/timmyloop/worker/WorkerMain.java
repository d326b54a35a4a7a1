package dev.timmyloop.worker;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * The worker process: configuration from {@code timmy.json} and {@code TIMMY_*}, then run until
 * SIGTERM.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) {
    TimmyConfig config = ConfigLoader.load();
    Logging.configure(config.logFormat());
    serve(WorkerConfig.of(config), new PrintWriter(System.out, true));
  }

  /**
   * Starts the worker, prints its readiness line and blocks. SIGTERM or SIGINT runs the shutdown
   * hook, which drains the worker before the JVM exits.
   */
  public static void serve(WorkerConfig config, PrintWriter out) {
    TimmyWorker worker = TimmyWorker.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                },
                "timmy-worker-shutdown"));
    out.println(worker.readyLine());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
