package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.GiteaTestServer.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ciFailureLog's way from a failing status to its job's log, on recorded answers: the cases the
 * sandbox cannot produce (a web run number that is not the API run id, a server without Actions).
 */
class CiFailureLogsTest {
  private final GiteaTestServer gitea = new GiteaTestServer();
  private final GiteaActivitiesImpl activities = gitea.activities();

  @AfterEach
  void close() {
    gitea.close();
  }

  /** The jobs of run 4 as Gitea lists them: job 31 failed, 30 passed. */
  private static final String RUN_4_JOBS =
      "{\"total_count\":2,\"jobs\":["
          + "{\"id\":30,\"run_id\":4,\"name\":\"lint\",\"status\":\"completed\","
          + "\"conclusion\":\"success\",\"head_sha\":\""
          + "2".repeat(40)
          + "\"},"
          + "{\"id\":31,\"run_id\":4,\"name\":\"unit\",\"status\":\"completed\","
          + "\"conclusion\":\"failure\",\"head_sha\":\""
          + "2".repeat(40)
          + "\"}]}";

  @Test
  void ciFailureLogIsTheTailOfTheFailingJobsLog() {
    gitea.enqueueRecorded(200, "status-failure.json");
    gitea.enqueue(200, RUN_4_JOBS);
    String log = "line\n".repeat(4000) + "FAILED tests/test_x.py::test_y";
    gitea.enqueue(200, log);
    String tail = activities.ciFailureLog("2222");
    assertTrue(tail.endsWith("FAILED tests/test_x.py::test_y"));
    assertTrue(tail.length() < GiteaActivitiesImpl.LOG_TAIL_CHARS + 100);
    List<RecordedRequest> r = gitea.takeAll();
    assertEquals(REPO + "/actions/runs/4/jobs", r.get(1).getUrl().encodedPath());
    assertEquals(REPO + "/actions/jobs/31/logs", r.get(2).getUrl().encodedPath());
  }

  @Test
  void ciFailureLogFindsTheRunByShaWhenTheWebNumberIsNotTheRunId() {
    gitea.enqueueRecorded(200, "status-failure.json");
    // Run id 4 is another repository's run: its jobs are of another commit.
    gitea.enqueue(200, RUN_4_JOBS.replace("2".repeat(40), "9".repeat(40)));
    gitea.enqueue(
        200,
        "{\"total_count\":1,\"workflow_runs\":[{\"id\":812,\"run_number\":4,"
            + "\"head_sha\":\""
            + "2".repeat(40)
            + "\"}]}");
    gitea.enqueue(200, RUN_4_JOBS.replace("\"id\":31", "\"id\":931"));
    gitea.enqueue(200, "FAILED here");
    assertEquals("FAILED here", activities.ciFailureLog("2222"));
    List<RecordedRequest> r = gitea.takeAll();
    assertEquals("2".repeat(40), r.get(2).getUrl().queryParameter("head_sha"));
    assertEquals(REPO + "/actions/runs/812/jobs", r.get(3).getUrl().encodedPath());
    assertEquals(REPO + "/actions/jobs/931/logs", r.get(4).getUrl().encodedPath());
  }

  @Test
  void ciFailureLogIsEmptyWhenTheServerHasNone() {
    gitea.enqueueRecorded(200, "status-failure.json");
    gitea.enqueue(200, RUN_4_JOBS);
    gitea.enqueue(404, "");
    assertEquals("", activities.ciFailureLog("2222"));
    gitea.enqueueRecorded(200, "status-failure.json");
    gitea.enqueue(404, ""); // no such run
    gitea.enqueue(404, ""); // no Actions at all
    assertEquals("", activities.ciFailureLog("2222"));
  }

  @Test
  void jobRefsComeOnlyFromActionsJobUrls() {
    assertEquals(
        Optional.of(new CiFailureLogs.JobRef(4, 31)),
        CiFailureLogs.jobRef("http://h/o/r/actions/runs/4/jobs/31"));
    assertEquals(
        Optional.of(new CiFailureLogs.JobRef(4, 2)),
        CiFailureLogs.jobRef("http://h/o/r/actions/runs/4/jobs/2/?x=1"));
    assertEquals(Optional.empty(), CiFailureLogs.jobRef("https://ci.example.org/build/77"));
    assertEquals(Optional.empty(), CiFailureLogs.jobRef(null));
  }

  @Test
  void theJobIsPickedByPositionThenIdThenAsTheFirstFailedOne() {
    CiFailureLogs.Job ok = new CiFailureLogs.Job(30, "completed", "success", "");
    CiFailureLogs.Job bad = new CiFailureLogs.Job(31, "completed", "failure", "");
    assertEquals(bad, CiFailureLogs.pick(List.of(ok, bad), 1).orElseThrow());
    assertEquals(bad, CiFailureLogs.pick(List.of(ok, bad), 31).orElseThrow());
    assertEquals(bad, CiFailureLogs.pick(List.of(ok, bad), 0).orElseThrow());
    assertEquals(ok, CiFailureLogs.pick(List.of(ok), 0).orElseThrow());
    assertEquals(Optional.empty(), CiFailureLogs.pick(List.of(), 0));
  }
}
