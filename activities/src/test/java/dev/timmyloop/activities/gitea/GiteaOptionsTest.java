package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GiteaOptionsTest {
  private static final String TOKEN = GiteaTestServer.TOKEN;
  private static final Duration S = Duration.ofSeconds(1);

  @Test
  void defaultsAreStatedAndTrailingSlashesDropped() {
    GiteaOptions o = GiteaOptions.of("http://gitea:3000///", "o", "r", () -> TOKEN);
    assertEquals("http://gitea:3000", o.baseUrl());
    assertEquals(Duration.ofSeconds(10), o.connectTimeout());
    assertEquals(Duration.ofSeconds(30), o.readTimeout());
    assertEquals(Duration.ofSeconds(60), o.callTimeout());
    assertEquals(50, o.pageSize());
  }

  @Test
  void toStringNeverShowsTheToken() {
    String s = GiteaOptions.of("http://h", "o", "r", () -> TOKEN).toString();
    assertFalse(s.contains(TOKEN));
    assertTrue(s.contains("o/r"));
  }

  @Test
  void badValuesAreRefusedAtConstructionNamingTheField() {
    assertEquals("pageSize must be 1..50: 51", refused("http://h", "o", S, 51));
    assertEquals("pageSize must be 1..50: 0", refused("http://h", "o", S, 0));
    assertEquals("owner must not be blank", refused("http://h", " ", S, 50));
    assertEquals("baseUrl must not be blank", refused(" / ", "o", S, 50));
    assertEquals("callTimeout must be positive: PT0S", refused("http://h", "o", Duration.ZERO, 50));
  }

  private static String refused(String url, String owner, Duration call, int pageSize) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> new GiteaOptions(url, owner, "r", () -> TOKEN, S, S, call, pageSize))
        .getMessage();
  }

  @Test
  void statusCodesMapToFailureTypesInOnePlace() {
    assertType(401, FailureTypes.GITEA_AUTH, true);
    assertType(403, FailureTypes.GITEA_AUTH, true);
    assertType(404, FailureTypes.GITEA_NOT_FOUND, true);
    assertType(409, FailureTypes.GITEA_REJECTED, true);
    assertType(422, FailureTypes.GITEA_REJECTED, true);
    assertType(429, FailureTypes.GITEA_RATE_LIMITED, false);
    assertType(500, FailureTypes.GITEA_UNAVAILABLE, false);
    assertType(503, FailureTypes.GITEA_UNAVAILABLE, false);
  }

  private static void assertType(int status, String type, boolean nonRetryable) {
    ApplicationFailure f = GiteaException.ofStatus(status, "x", "m", null).toFailure();
    assertEquals(type, f.getType(), "status " + status);
    assertEquals(nonRetryable, f.isNonRetryable(), "status " + status);
  }
}
