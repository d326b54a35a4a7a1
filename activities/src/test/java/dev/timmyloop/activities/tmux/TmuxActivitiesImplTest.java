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
  void ensureSessionReplacesKilledAndDeadPanes() throws Exception {
    TmuxActivitiesImpl tmux = activities("Repair");
    tmux.ensureSession();
    server.tmux.check("set-option", "-w", "-t", "Repair:0", "remain-on-exit", "on");
    server.tmux.check("kill-pane", "-t", "Repair:0.3");
    server.awaitIdle("Repair:0.1");
    server.tmux.check("send-keys", "-t", "Repair:0.1", "-l", "exit");
    server.tmux.check("send-keys", "-t", "Repair:0.1", "Enter");
    TmuxTestServer.await("pane 1 dead", () -> !tmux.paneStatus().get(1).alive());

    SessionState repaired = tmux.ensureSession();
    assertEquals(List.of("Repair:0.1", "Repair:0.3"), repaired.created());
    assertTrue(repaired.panes().stream().allMatch(PaneStatus::alive));
  }

  @Test
  void paneStatusTellsIdleShellFromBusyOne() throws Exception {
    TmuxActivitiesImpl tmux = activities("Status");
    tmux.ensureSession();
    server.awaitIdle("Status:0.0");
    server.awaitIdle("Status:0.1");
    // A fixed test command, typed literally; `bash` in the foreground looks like an idle shell by
    // name.
    server.tmux.check(
        "send-keys", "-t", "Status:0.1", "-l", "bash -c 'echo hello-from-test; sleep 30'");
    server.tmux.check("send-keys", "-t", "Status:0.1", "Enter");
    TmuxTestServer.await("pane 1 busy", () -> !tmux.paneStatus().get(1).idle());

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

  private static List<String> ids(List<PaneStatus> panes) {
    return panes.stream().map(PaneStatus::paneId).toList();
  }
}
