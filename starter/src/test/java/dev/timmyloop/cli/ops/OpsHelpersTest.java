package dev.timmyloop.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.cli.Timmy;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.worker.TimmyWorker;
import dev.timmyloop.worker.WorkerConfig;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** pause/resume, wake-kimi, assign and merge through the real command line, on the demo world. */
class OpsHelpersTest {
  @TempDir Path root;

  record Run(int code, String out, String err) {}

  static Run timmy(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Timmy.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theHelpersDoWhatTheLoopWouldDo() throws Exception {
    try (OpsWorld world = OpsWorld.create(root)) {
      String config = world.configFile.toString();

      Run pause = timmy("ops", "pause", "lunch", "--config", config);
      assertEquals(1, pause.code(), pause.toString());
      assertTrue(pause.err().contains("timmy-loop is not running"), pause.toString());
      assertEquals(1, timmy("ops", "resume", "--config", config).code());

      Run wake = timmy("ops", "wake-kimi", "1", "--config", config);
      assertEquals(0, wake.code(), wake.toString());
      assertTrue(wake.out().contains("Kimi:0.1: recreated, idle"), wake.toString());
      Run again = timmy("ops", "wake-kimi", "Kimi:0.1", "--config", config);
      assertTrue(again.out().contains("Kimi:0.1: present, idle"), again.toString());

      long issue = world.demo.issues().get(0);
      // The dispatch runs on a worker; the stand-in agent waits long, so the job holds its claim.
      Map<String, String> agentEnv = Map.of("PATH", "/usr/bin:/bin", "HOME", root.toString());
      try (TimmyWorker worker =
          TimmyWorker.start(
              new WorkerConfig(world.config, true, Duration.ofSeconds(10), agentEnv))) {
        Run assign = timmy("ops", "assign", String.valueOf(issue), "--config", config);
        assertEquals(0, assign.code(), assign.toString());
        assertTrue(
            assign.out().contains("started timmy-issue-" + issue + ": #" + issue + " on Kimi:0.0"),
            assign.toString());
        var claims = new StateFileActivitiesImpl(world.config).readState().liveClaims();
        assertTrue(
            claims.stream()
                .anyMatch(
                    c ->
                        c.issue() == issue
                            && c.holder().equals(new Holder("timmy-ops-assign", "", "Kimi:0.0"))),
            claims.toString());
        Run twice = timmy("ops", "assign", String.valueOf(issue), "Kimi:0.1", "--config", config);
        assertEquals(1, twice.code(), twice.toString());
        assertTrue(
            twice.err().contains("is claimed by timmy-ops-assign on Kimi:0.0"), twice.toString());
        worker.client().newUntypedWorkflowStub("timmy-issue-" + issue).terminate("test over");
      }

      Run merge = timmy("ops", "merge", String.valueOf(world.demo.stalePr()), "--config", config);
      assertEquals(0, merge.code(), merge.toString());
      assertTrue(
          merge.out().contains("queued PR #" + world.demo.stalePr() + " in timmy-merge-timmy-demo"),
          merge.toString());

      try (TemporalConnection t =
          TemporalConnection.connect(
              world.config.temporalAddress(), "default", Duration.ofSeconds(5))) {
        for (String id : new String[] {"timmy-issue-" + issue, "timmy-merge-timmy-demo"}) {
          var info =
              t.stubs()
                  .blockingStub()
                  .describeWorkflowExecution(
                      DescribeWorkflowExecutionRequest.newBuilder()
                          .setNamespace("default")
                          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                          .build())
                  .getWorkflowExecutionInfo();
          assertEquals(id, info.getExecution().getWorkflowId());
        }
      }
    }
  }
}
