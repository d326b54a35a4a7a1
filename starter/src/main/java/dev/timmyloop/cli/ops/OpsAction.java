package dev.timmyloop.cli.ops;

import dev.timmyloop.cli.ConnectionMixin;
import dev.timmyloop.config.TimmyConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** An ops helper: its configuration and its output. */
abstract class OpsAction implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionMixin options;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  public final Integer call() throws Exception {
    int code = run(options.config());
    out().flush();
    return code;
  }

  abstract int run(TimmyConfig config) throws Exception;
}
