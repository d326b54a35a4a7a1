package dev.timmyloop.cli;

/** A group such as {@code cycle} or {@code loop}: alone, it prints its subcommands. */
public abstract class GroupCommand extends BaseCommand {
  @Override
  protected int run() {
    spec.commandLine().usage(err());
    return ExitCodes.USAGE;
  }
}
