package dev.timmyloop.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The stand-in agent's pace, for the demo and the sandbox. */
final class AgentDelayOption {
  @Option(
      names = "--agent-delay",
      defaultValue = "2s",
      description = "how long the stand-in agent works on an issue (default: ${DEFAULT-VALUE})")
  Duration value;
}
