package dev.timmyloop.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-pane session on a private tmux socket; its panes run our fixed commands. */
class DashboardTest {
  @TempDir Path dir;

  @Test
  void buildsThreePanesOnceAndSaysHowToAttach() throws Exception {
    String socket = "timmy-dash-" + ProcessHandle.current().pid();
    Path config =
        Files.writeString(
            dir.resolve("timmy's config.json"), "{\"tmuxSocket\": \"" + socket + "\"}");
    Path log = dir.resolve("logs/worker.log");
    try {
      var run =
          OpsHelpersTest.timmy(
              "ops", "dashboard", "--config", config.toString(), "--worker-log", log.toString());
      assertEquals(0, run.code(), run.toString());
      assertTrue(
          run.out().contains("attach:        tmux -L " + socket + " attach -t timmy-ops"),
          run.out());
      assertTrue(Files.exists(log));

      List<String> panes =
          lines(
              "tmux", "-L", socket, "list-panes", "-t", "timmy-ops", "-F", "#{pane_start_command}");
      assertEquals(3, panes.size(), panes.toString());
      assertTrue(panes.get(0).contains("ops panel --watch --config"), panes.get(0));
      // tmux shows the command with its own escaping; the path stays one single-quoted word.
      assertTrue(panes.get(0).contains("--config '" + dir), panes.get(0));
      assertTrue(panes.get(0).contains("s config.json'"), panes.get(0));
      assertTrue(
          panes.get(1).contains("watch -t -n 2 -x tmux -L " + socket + " list-panes -s -t Kimi"),
          panes.get(1));
      assertTrue(panes.get(2).contains("tail -F " + log), panes.get(2));

      var again =
          OpsHelpersTest.timmy(
              "ops", "dashboard", "--config", config.toString(), "--worker-log", log.toString());
      assertEquals(0, again.code(), again.toString());
      assertTrue(again.out().contains("already running"), again.out());
    } finally {
      new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor();
    }
  }

  private static List<String> lines(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    List<String> out =
        new ArrayList<>(new String(p.getInputStream().readAllBytes()).strip().lines().toList());
    p.waitFor();
    return out;
  }
}
