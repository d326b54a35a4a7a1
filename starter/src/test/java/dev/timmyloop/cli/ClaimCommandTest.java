package dev.timmyloop.cli;

import static dev.timmyloop.cli.TimmyTest.timmy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, point 7: {@code ./timmy claim take|drop|list} on the loop's own claims. */
class ClaimCommandTest {
  @TempDir Path dir;

  @Test
  void takeListAndDropWorkOnTheClaimsTheLoopReads() throws Exception {
    String config =
        Files.writeString(
                dir.resolve("timmy.json"),
                "{\"stateDir\": \"" + dir.resolve("state") + "\", \"host\": \"h\"}")
            .toString();
    var loop =
        new StateFileActivitiesImpl(
            ConfigLoader.load(Map.of("HOME", dir.toString()), Path.of(config)));

    var take = timmy("claim", "take", "12", "--config", config);
    assertEquals(ExitCodes.OK, take.exitCode(), take.err());
    assertTrue(take.out().startsWith("claimed #12  "), take.out());
    assertEquals(
        ClaimStatus.HELD_BY_OTHER,
        loop.claim(new ClaimRequest(12, new Holder("timmy-cycle-1", "", "Kimi:0.0"), 600)).status(),
        "the loop sees the claim");
    assertTrue(timmy("claim", "take", "12", "--config", config).out().startsWith("renewed #12"));

    loop.claim(new ClaimRequest(13, new Holder("timmy-cycle-1", "", "Kimi:0.1"), 600));
    var list = timmy("claim", "list", "--config", config);
    assertTrue(
        list.out().contains("#12  ") && list.out().contains("#13  timmy-cycle-1 on Kimi:0.1"),
        list.out());
    assertTrue(timmy("claim", "list", "13", "--config", config).out().startsWith("#13 "));

    var taken = timmy("claim", "take", "13", "--config", config);
    assertEquals(ExitCodes.FAILURE, taken.exitCode());
    assertTrue(taken.err().contains("#13 is claimed by timmy-cycle-1 on Kimi:0.1"), taken.err());
    var notMine = timmy("claim", "drop", "13", "--config", config);
    assertEquals(ExitCodes.FAILURE, notMine.exitCode());
    assertTrue(notMine.err().contains("--force"), notMine.err());
    assertEquals(
        ExitCodes.OK, timmy("claim", "drop", "13", "--force", "--config", config).exitCode());

    var drop = timmy("claim", "drop", "12", "--config", config);
    assertEquals(ExitCodes.OK, drop.exitCode(), drop.err());
    assertEquals(0, loop.readState().liveClaims().size(), "both gone for the loop too");
    assertEquals("no claims\n", timmy("claim", "list", "--config", config).out());
  }
}
