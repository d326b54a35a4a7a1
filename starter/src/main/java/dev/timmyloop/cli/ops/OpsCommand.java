package dev.timmyloop.cli.ops;

import dev.timmyloop.cli.GroupCommand;
import dev.timmyloop.cli.LoopCommand;
import picocli.CommandLine.Command;

/** {@code ./timmy ops}: the old ops panel and its helpers. Alone, it prints its subcommands. */
@Command(
    name = "ops",
    description = "Operate the loop: the panel and by-hand helpers.",
    subcommands = {
      PanelCommand.class,
      LoopCommand.Pause.class,
      LoopCommand.Resume.class,
      WakeKimiCommand.class,
      AssignCommand.class,
      MergeCommand.class,
      DashboardCommand.class
    })
public final class OpsCommand extends GroupCommand {}
