package dev.timmyloop.worker.world;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The private tmux servers the demo and the benchmark start, so no agent pane outlives them. */
public final class TmuxServers {
  private TmuxServers() {}

  public static void kill(String socket) {
    try {
      Process p =
          new ProcessBuilder("tmux", "-L", socket, "kill-server")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
    } catch (IOException e) {
      // No tmux at all: nothing to kill.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
