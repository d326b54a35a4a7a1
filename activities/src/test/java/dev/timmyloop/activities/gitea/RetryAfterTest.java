package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void secondsAndHttpDates() {
    assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", clock));
    assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Sun, 01 Mar 2026 10:01:30 GMT", clock));
  }

  @Test
  void pastDatesAndHugeValuesAreClamped() {
    assertEquals(RetryAfter.MIN, RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", clock));
    assertEquals(RetryAfter.MIN, RetryAfter.parse("0", clock));
    assertEquals(RetryAfter.MAX, RetryAfter.parse("999999", clock));
  }

  @Test
  void absentOrUnreadableLeavesTheDelayToThePolicy() {
    assertNull(RetryAfter.parse(null, clock));
    assertNull(RetryAfter.parse(" ", clock));
    assertNull(RetryAfter.parse("soon", clock));
  }
}
