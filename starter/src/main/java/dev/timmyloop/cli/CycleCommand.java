package dev.timmyloop.cli;

import picocli.CommandLine.Command;

@Command(
    name = "cycle",
    description = "Start one cycle or show how one went.",
    subcommands = {CycleStartCommand.class, CycleStatusCommand.class})
final class CycleCommand extends GroupCommand {}
