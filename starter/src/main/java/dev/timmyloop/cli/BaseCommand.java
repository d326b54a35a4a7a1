package dev.timmyloop.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command: output through picocli's writers (tests capture them), an exit code from {@link
 * ExitCodes}.
 */
public abstract class BaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Progress and status lines: stderr, so stdout stays for results (tables, JSON, env lines). */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public final Integer call() throws Exception {
    int code = run();
    out().flush();
    err().flush();
    return code;
  }

  protected abstract int run() throws Exception;
}
