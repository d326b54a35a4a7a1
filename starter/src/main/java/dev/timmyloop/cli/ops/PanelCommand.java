package dev.timmyloop.cli.ops;

import dev.timmyloop.cli.ConnectionMixin;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./timmy ops panel}: the old ops panel on one screen. */
@Command(
    name = "panel",
    description = "Services, panes, open PRs with CI, the queue and warnings on one screen.")
final class PanelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionMixin options;

  @Option(names = "--watch", description = "redraw every 2 s until Ctrl-C")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PanelReader reader = new PanelReader(options.config(), Clock.systemUTC());
    do {
      Panel panel = reader.read();
      if (watch) out.print("\033[H\033[2J");
      panel.print(out, "timmy ops panel  " + Instant.now().toString().substring(0, 19) + "Z");
      if (watch) Thread.sleep(2_000);
    } while (watch);
    return 0;
  }
}
