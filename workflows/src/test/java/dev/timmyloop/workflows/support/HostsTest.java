package dev.timmyloop.workflows.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsTest {
  private static LoopSettings settings(List<String> hosts, long timeout) {
    return new LoopSettings(
        "o/r",
        "main",
        List.of("Kimi:0.0"),
        List.of(),
        "tox -e unit",
        4,
        3,
        7200,
        3600,
        1800,
        5400,
        300,
        "a",
        hosts,
        timeout,
        false,
        false,
        5,
        "serial",
        4);
  }

  @Test
  void oneHostRoutesNothingAndKeepsPaneNames() {
    LoopSettings one = settings(List.of("a"), 300);
    assertFalse(Hosts.several(one));
    assertEquals(List.of(""), Hosts.all(one));
    assertEquals("Kimi:0.2", Hosts.label("", "Kimi:0.2"));
    // Settings that name no hosts.
    assertFalse(Hosts.several(settings(null, 0)));
    assertEquals("", Hosts.orHome(settings(null, 0), null));
  }

  @Test
  void severalHostsNameTheHostInThePaneAndDefaultToTheHomeHost() {
    LoopSettings two = settings(List.of("a", "b"), 0);
    assertTrue(Hosts.several(two));
    assertEquals("a", Hosts.home(two));
    assertEquals("a", Hosts.orHome(two, " "));
    assertEquals("b", Hosts.orHome(two, "b"));
    assertEquals(Duration.ofMinutes(5), Hosts.timeout(two));
    assertEquals("Kimi:0.2@b", Hosts.label("b", "Kimi:0.2"));
    assertEquals("Kimi:0.2", Hosts.paneOf("Kimi:0.2@b"));
    assertEquals("b", Hosts.hostOf("Kimi:0.2@b"));
    assertEquals("", Hosts.hostOf("Kimi:0.2"));
    assertEquals("timmy-loop@b", Hosts.queue("timmy-loop", "b"));
  }

  @Test
  void onlyAScheduleToStartTimeoutMeansTheHostIsGone() {
    ActivityFailure gone =
        new ActivityFailure(
            "x",
            1,
            2,
            "Git::Fetch",
            "1",
            RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
            "w",
            new TimeoutFailure("t", null, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));
    ActivityFailure slow =
        new ActivityFailure(
            "x",
            1,
            2,
            "Git::Fetch",
            "1",
            RetryState.RETRY_STATE_TIMEOUT,
            "w",
            new TimeoutFailure("t", null, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
    assertTrue(Hosts.gone(gone));
    assertFalse(Hosts.gone(slow));
  }

  @Test
  void idlePanesAreTakenInTurnFromEachHost() {
    assertEquals(
        List.of("0@a", "0@b", "1@a", "1@b", "2@a"),
        PaneScan.interleave(List.of(List.of("0@a", "1@a", "2@a"), List.of("0@b", "1@b"))));
  }

  @Test
  void summariesAreOneShortLine() {
    assertEquals("push fix/1-x", Stubs.clip("push fix/1-x"));
    assertEquals("a b", Stubs.clip("a\nb"));
    assertEquals(120, Stubs.clip("x".repeat(500)).length());
  }
}
