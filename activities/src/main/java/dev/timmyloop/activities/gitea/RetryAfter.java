package dev.timmyloop.activities.gitea;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A 429's {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter {
  /** Never wait less (a date in the past) or longer (a confused server) than this. */
  static final Duration MIN = Duration.ofSeconds(1);

  static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /** The delay, or null when the header is absent or unreadable (the retry policy decides). */
  static Duration parse(String value, Clock clock) {
    if (value == null || value.isBlank()) return null;
    String v = value.trim();
    try {
      return clamp(Duration.ofSeconds(Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return clamp(Duration.between(clock.instant(), at.toInstant()));
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static Duration clamp(Duration d) {
    if (d.compareTo(MIN) < 0) return MIN;
    if (d.compareTo(MAX) > 0) return MAX;
    return d;
  }
}
