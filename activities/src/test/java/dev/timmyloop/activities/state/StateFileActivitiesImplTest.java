package dev.timmyloop.activities.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.*;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileActivitiesImplTest {
  @TempDir Path tmp;
  TimmyConfig config;
  MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  StateFileActivitiesImpl state;

  @BeforeEach
  void setUp() {
    config = ClaimHammer.config(tmp);
    state = new StateFileActivitiesImpl(config, clock);
  }

  private static final Holder A = new Holder("timmy-cycle-1", "host-a", "Kimi:0.1");
  private static final Holder B = new Holder("timmy-cycle-1", "host-b", "Kimi:0.1");

  @Test
  void claimIsFreeThenOursThenHeldByOtherUntilItExpires() {
    ClaimOutcome first = state.claim(new ClaimRequest(42, A, 600));
    assertEquals(ClaimStatus.CLAIMED, first.status());
    assertEquals("2025-03-01T10:10:00Z", first.claim().expiresAt());

    clock.advance(Duration.ofMinutes(5));
    ClaimOutcome again = state.claim(new ClaimRequest(42, A, 600));
    assertEquals(ClaimStatus.ALREADY_OURS, again.status());
    assertEquals("2025-03-01T10:15:00Z", again.claim().expiresAt(), "renewed");
    assertEquals(first.claim().claimedAt(), again.claim().claimedAt());

    ClaimOutcome other = state.claim(new ClaimRequest(42, B, 600));
    assertEquals(ClaimStatus.HELD_BY_OTHER, other.status());
    assertEquals(A, other.claim().holder());

    clock.advance(Duration.ofMinutes(11));
    assertEquals(1, state.readState().expiredClaims().size());
    assertEquals(ClaimStatus.CLAIMED, state.claim(new ClaimRequest(42, B, 600)).status());
  }

  @Test
  void releaseByANonOwnerDoesNothing() {
    state.claim(new ClaimRequest(7, Holder.byHand("a"), 600));
    state.release(new Release(7, Holder.byHand("b")));
    assertEquals(1, state.readState().liveClaims().size());
    state.release(new Release(7, Holder.byHand("a")));
    state.release(new Release(7, Holder.byHand("a")));
    assertEquals(List.of(), state.readState().liveClaims());
  }

  @Test
  void corruptClaimsFileIsMovedAsideReportedAndStartedAfresh() throws Exception {
    Path claims = config.stateDir().resolve("claims.json");
    Files.createDirectories(claims.getParent());
    Files.writeString(claims, "{\"claims\": [ {\"issue\": 1, ");

    assertEquals(
        ClaimStatus.CLAIMED, state.claim(new ClaimRequest(1, Holder.byHand("a"), 600)).status());

    List<Path> aside;
    try (Stream<Path> files = Files.list(config.stateDir())) {
      aside =
          files
              .filter(p -> p.getFileName().toString().startsWith("claims.json.unreadable-"))
              .toList();
    }
    assertEquals(1, aside.size());
    assertEquals("{\"claims\": [ {\"issue\": 1, ", Files.readString(aside.get(0)));
    LoopState s = state.readState();
    assertEquals(1, s.warnings().size());
    assertTrue(s.warnings().get(0).contains("claims.json could not be read"), s.warnings().get(0));
    assertEquals(1, s.liveClaims().size());
  }

  @Test
  void wronglyShapedStateFileIsMovedAsideToo() throws Exception {
    Files.createDirectories(config.stateDir());
    Files.writeString(config.stateDir().resolve("state.json"), "{\"cycles\": 3}");
    LoopState s = state.readState();
    assertEquals(0, s.lastCycle());
    assertEquals(1, s.warnings().size());
    assertTrue(Files.notExists(config.stateDir().resolve("state.json")));
  }

  @Test
  void cycleRecordsAndReportedFailuresAccumulateAndARetryDoesNotDuplicate() throws Exception {
    Files.createDirectories(config.stateDir());
    Files.writeString(
        config.stateDir().resolve("state.json"), "{\"cycles\": [], \"shellLoopField\": 1}");
    state.appendCycleRecord(cycle(1));
    state.appendCycleRecord(cycle(2));
    state.appendCycleRecord(cycle(2));
    state.rememberReportedFailure(new ReportedFailure("tests/test_x.py::test_y", 501));

    LoopState s = state.readState();
    assertEquals(2, s.lastCycle());
    assertEquals(Map.of("tests/test_x.py::test_y", 501L), s.reportedFailures());
    String json = Files.readString(config.stateDir().resolve("state.json"));
    assertEquals(2, json.split("\"workflowId\"").length - 1);
    assertTrue(json.contains("shellLoopField"), "fields we do not own are kept");
  }

  private static CycleRecord cycle(int n) {
    return new CycleRecord(
        n,
        "timmy-cycle-" + n,
        "2025-03-01T10:00:00Z",
        "2025-03-01T10:30:00Z",
        "ok",
        List.of(),
        List.of(),
        List.of(9L),
        List.of(10L),
        List.of(10L),
        List.of(),
        List.of(new PaneRecord("Kimi:0.0", 10, 120, "landed")),
        List.of());
  }

  @Test
  void correspondenceSectionsAreAppendedWholeAndNotTwiceOnRetry() throws Exception {
    state.appendCorrespondence("## Cycle 1\nlanded #10");
    state.appendCorrespondence("## Cycle 2\nnothing to do\n");
    state.appendCorrespondence("## Cycle 2\nnothing to do\n");
    assertEquals(
        "## Cycle 1\nlanded #10\n\n## Cycle 2\nnothing to do\n",
        Files.readString(config.correspondenceFile()));
    try (Stream<Path> files = Files.list(config.correspondenceFile().getParent())) {
      assertEquals(1, files.count(), "no temp files left behind");
    }
  }

  @Test
  void concurrentClaimsFromTwoThreadsAndAnotherProcessAreAllKept() throws Exception {
    Process other = startHammer("worker-b", 100, 160);
    awaitFirstClaimOf("worker-b"); // so the three writers overlap
    StateFileActivitiesImpl second = new StateFileActivitiesImpl(config);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> done = new ArrayList<>();
    done.add(pool.submit(() -> claimRange(new StateFileActivitiesImpl(config), "t1", 0, 40)));
    done.add(pool.submit(() -> claimRange(second, "t2", 40, 80)));
    for (Future<?> f : done) f.get();
    pool.shutdown();
    assertEquals(0, other.waitFor(), new String(other.getInputStream().readAllBytes()));

    assertEquals(140, new StateFileActivitiesImpl(config).readState().liveClaims().size());
  }

  private void awaitFirstClaimOf(String owner) throws Exception {
    Path claims = config.stateDir().resolve("claims.json");
    for (int i = 0; i < 600; i++) {
      if (Files.exists(claims) && Files.readString(claims).contains(owner)) return;
      Thread.sleep(50);
    }
  }

  private static void claimRange(StateFileActivitiesImpl s, String owner, long from, long to) {
    for (long i = from; i < to; i++)
      assertEquals(
          ClaimStatus.CLAIMED, s.claim(new ClaimRequest(i, Holder.byHand(owner), 3600)).status());
  }

  private Process startHammer(String owner, int from, int to) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ClaimHammer.class.getName(),
            tmp.toString(),
            owner,
            String.valueOf(from),
            String.valueOf(to))
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void claimWorksAsARealActivity() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new StateFileActivitiesImpl(config));
      StateFileActivities stub =
          env.newActivityStub(
              StateFileActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
      assertEquals(
          ClaimStatus.CLAIMED, stub.claim(new ClaimRequest(3, Holder.byHand("a"), 60)).status());
      assertEquals(3, stub.readState().liveClaims().get(0).issue());
    } finally {
      env.close();
    }
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
