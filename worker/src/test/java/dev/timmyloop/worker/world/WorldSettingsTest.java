package dev.timmyloop.worker.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldSettingsTest {
  /** A person's own TIMMY_GITEA_URL must never point the demo at their real forge. */
  @Test
  void machineTimmyVariablesNeverReachTheDemo() {
    Map<String, String> env =
        World.settings(
            Map.of("TIMMY_GITEA_URL", "https://real.example", "TIMMY_DRY", "x", "PATH", "/bin"),
            Map.of("TIMMY_GITEA_URL", "http://127.0.0.1:5000", "TIMMY_TEMPORAL_ADDRESS", "wrong:1"),
            "127.0.0.1:7777",
            0);
    assertEquals("http://127.0.0.1:5000", env.get("TIMMY_GITEA_URL"));
    assertEquals("127.0.0.1:7777", env.get("TIMMY_TEMPORAL_ADDRESS"));
    assertEquals("/bin", env.get("PATH"));
    assertEquals("0", env.get("TIMMY_METRICS_PORT"));
    assertFalse(env.containsKey("TIMMY_DRY"));
  }
}
