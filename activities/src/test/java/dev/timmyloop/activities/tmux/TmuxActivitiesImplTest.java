package dev.timmyloop.activities.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivities.SessionState;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmuxActivitiesImplTest {
  @TempDir static Path root;
  static TmuxTestServer server;

  @BeforeAll
  static void start() {
    server = new TmuxTestServer(root);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private TmuxActivitiesImpl activities(String session) {
    return new TmuxActivitiesImpl(server.config(session, "kimi -p {prompt}", Map.of()));
  }

  @Test
  void ensureSessionCreatesFourPanesAndIsIdempotent() {
    TmuxActivitiesImpl tmux = activities("Ensure");
    SessionState first = tmux.ensureSession();
    assertEquals(List.of("Ensure:0.0", "Ensure:0.1", "Ensure:0.2", "Ensure:0.3"), first.created());
    assertEquals(4, first.panes().size());
    assertTrue(first.panes().stream().allMatch(p -> p.alive() && p.paneId().startsWith("%")));

    SessionState second = tmux.ensureSession();
    assertEquals(List.of(), second.created());
    assertEquals(ids(first.panes()), ids(second.panes()));
  }

  @Test
  void ensureSessionRecreatesKilledPanesAndKeepsDeadOnesWithTheirScreen() throws Exception {
    TmuxActivitiesImpl tmux = activities("Repair");
    tmux.ensureSession();
    server.tmux.check("kill-pane", "-t", "Repair:0.3");
    server.awaitIdle("Repair:0.1");
    server.tmux.check("send-keys", "-t", "Repair:0.1", "-l", "echo last-words; exit 7");
    server.tmux.check("send-keys", "-t", "Repair:0.1", "Enter");
    TmuxTestServer.await("pane 1 dead", () -> paneDead("Repair:0.1"));

    SessionState repaired = tmux.ensureSession();
    assertEquals(List.of("Repair:0.3"), repaired.created());
    PaneStatus dead = repaired.panes().get(1);
    assertTrue(dead.alive() && dead.idle(), "a dead pane exists and is free: " + dead);
    assertEquals("", dead.jobId());
    assertTrue(dead.lastLines().contains("last-words"), dead.lastLines());
    assertEquals(
        "7",
        server
            .tmux
            .check("display-message", "-p", "-t", "Repair:0.1", "#{pane_dead_status}")
            .strip());
  }

  @Test
  void paneStatusTellsIdleShellFromBusyOne() throws Exception {
    TmuxActivitiesImpl tmux = activities("Status");
    tmux.ensureSession();
    // A fixed test command; `bash` in the foreground looks like an idle shell by name.
    server.personRuns("Status:0.1", "bash -c 'echo hello-from-test; sleep 30'");

    List<PaneStatus> panes = tmux.paneStatus();
    assertTrue(panes.get(0).idle());
    assertFalse(panes.get(1).idle());
    assertEquals("", panes.get(1).jobId());
    TmuxTestServer.await(
        "output visible", () -> tmux.paneStatus().get(1).lastLines().contains("hello-from-test"));

    server.tmux.check("send-keys", "-t", "Status:0.1", "C-c");
    server.awaitIdle("Status:0.1");
  }

  @Test
  void newPanesRunAShellThatReadsNoRcFile() {
    TmuxActivitiesImpl tmux = activities("Plain");
    tmux.ensureSession();
    for (PaneStatus p : tmux.paneStatus()) {
      long pid =
          Long.parseLong(
              server.tmux.check("display-message", "-p", "-t", p.paneId(), "#{pane_pid}").strip());
      List<String> argv = PaneInspector.cmdline(pid);
      assertEquals(List.of("--noprofile", "--norc"), argv.subList(1, argv.size()), p.target());
      assertTrue(p.idle(), p.toString());
    }
  }

  @Test
  void missingSessionIsTmuxUnavailable() {
    ApplicationFailure e =
        assertThrows(ApplicationFailure.class, () -> activities("Nope").paneStatus());
    assertEquals(FailureTypes.TMUX_UNAVAILABLE, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("'Nope'"), e.getOriginalMessage());
  }

  @Test
  void missingTmuxBinaryIsTmuxUnavailable() {
    TmuxActivitiesImpl tmux =
        new TmuxActivitiesImpl(
            server.config("Any", "kimi -p {prompt}", Map.of()),
            new Tmux(List.of("/nonexistent/tmux")));
    ApplicationFailure e = assertThrows(ApplicationFailure.class, tmux::ensureSession);
    assertEquals(FailureTypes.TMUX_UNAVAILABLE, e.getType());
  }

  private static boolean paneDead(String target) {
    return server
        .tmux
        .check("display-message", "-p", "-t", target, "#{pane_dead}")
        .strip()
        .equals("1");
  }

  private static List<String> ids(List<PaneStatus> panes) {
    return panes.stream().map(PaneStatus::paneId).toList();
  }
}
