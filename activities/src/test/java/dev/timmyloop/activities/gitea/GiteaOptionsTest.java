package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GiteaOptionsTest {
  private static final String TOKEN = GiteaTestServer.TOKEN;

  private static GiteaOptions.Builder minimal() {
    return GiteaOptions.builder().owner("o").repo("r").token(() -> TOKEN);
  }

  @Test
  void defaultsAreStated() {
    GiteaOptions o = minimal().build();
    assertEquals("http://localhost:3000", o.baseUrl());
    assertEquals(Duration.ofSeconds(10), o.connectTimeout());
    assertEquals(Duration.ofSeconds(30), o.readTimeout());
    assertEquals(Duration.ofSeconds(60), o.callTimeout());
    assertEquals(50, o.pageSize());
    assertSame(GiteaRequestListener.NONE, o.listener());
  }

  @Test
  void fromCopiesEverythingAndChangesOnlyWhatIsSet() {
    Supplier<String> token = () -> TOKEN;
    GiteaOptions a = minimal().baseUrl("http://gitea:3000///").token(token).pageSize(20).build();
    GiteaOptions b = GiteaOptions.Builder.from(a).repo("other").build();
    assertEquals("http://gitea:3000", b.baseUrl());
    assertEquals("other", b.repo());
    assertEquals(20, b.pageSize());
    assertSame(token, b.token());
  }

  @Test
  void toStringNeverShowsTheToken() {
    String s = minimal().build().toString();
    assertFalse(s.contains(TOKEN));
    assertTrue(s.contains("o/r"));
  }

  @Test
  void pageSizeAboveGiteasMaximumIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> minimal().pageSize(51).build());
    assertThrows(IllegalArgumentException.class, () -> minimal().pageSize(0).build());
    assertThrows(IllegalArgumentException.class, () -> minimal().owner(" ").build());
    assertThrows(
        IllegalArgumentException.class, () -> minimal().callTimeout(Duration.ZERO).build());
  }

  @Test
  void statusCodesMapToFailureTypesInOnePlace() {
    assertType(401, FailureTypes.GITEA_AUTH, true);
    assertType(403, FailureTypes.GITEA_AUTH, true);
    assertType(404, FailureTypes.GITEA_NOT_FOUND, true);
    assertType(409, FailureTypes.GITEA_REJECTED, true);
    assertType(422, FailureTypes.GITEA_REJECTED, true);
    assertType(429, FailureTypes.GITEA_RATE_LIMITED, false);
    assertType(500, GiteaException.UNAVAILABLE_TYPE, false);
    assertType(503, GiteaException.UNAVAILABLE_TYPE, false);
  }

  private static void assertType(int status, String type, boolean nonRetryable) {
    ApplicationFailure f = GiteaException.ofStatus(status, "x", "m", null).toFailure();
    assertEquals(type, f.getType(), "status " + status);
    assertEquals(nonRetryable, f.isNonRetryable(), "status " + status);
  }
}
