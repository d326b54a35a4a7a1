package dev.timmyloop.cli.ops;

import dev.timmyloop.config.TimmyConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./timmy ops panel}: the old ops panel on one screen. */
@Command(
    name = "panel",
    description = "Services, panes, open PRs with CI, the queue and warnings on one screen.")
final class PanelCommand extends OpsAction {
  @Option(names = "--watch", description = "redraw every 2 s until Ctrl-C")
  boolean watch;

  @Override
  int run(TimmyConfig config) throws InterruptedException {
    PrintWriter out = out();
    PanelReader reader = new PanelReader(config, Clock.systemUTC());
    do {
      Panel panel = reader.read();
      if (watch) out.print("\033[H\033[2J");
      panel.print(out, "timmy ops panel  " + Instant.now().toString().substring(0, 19) + "Z");
      if (watch) Thread.sleep(2_000);
    } while (watch);
    return 0;
  }
}
