package dev.timmyloop.cli.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./timmy ops}: the old ops panel and its helpers. Alone, it prints its subcommands. */
@Command(
    name = "ops",
    description = "Operate the loop: the panel and by-hand helpers.",
    subcommands = {
      PanelCommand.class,
      LoopSignals.Pause.class,
      LoopSignals.Resume.class,
      WakeKimiCommand.class,
      AssignCommand.class,
      MergeCommand.class,
      DashboardCommand.class
    })
public final class OpsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
