package dev.timmyloop.cli.ops;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** An ops helper: its configuration, its output, a Temporal connection on demand. */
abstract class OpsAction implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OpsOptions options;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  static TemporalConnection connect(TimmyConfig config) {
    return TemporalConnection.connect(
        config.temporalAddress(), config.namespace(), Duration.ofSeconds(5));
  }

  @Override
  public final Integer call() throws Exception {
    int code = run(options.config());
    out().flush();
    return code;
  }

  abstract int run(TimmyConfig config) throws Exception;
}
