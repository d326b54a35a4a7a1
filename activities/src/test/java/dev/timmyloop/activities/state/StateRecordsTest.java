package dev.timmyloop.activities.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.state.StateFileActivities.*;
import dev.timmyloop.config.TimmyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13, point 7: records that stay true. */
class StateRecordsTest {
  @TempDir Path tmp;
  TimmyConfig config;
  StateFileActivitiesImpl state;

  @BeforeEach
  void setUp() {
    config = ClaimHammer.config(tmp);
    state = new StateFileActivitiesImpl(config);
  }

  /** Shapes another tool (or an older loop) might write: never emptied by our next claim. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"12\": {\"owner\": \"hermes\", \"since\": \"2025-01-01\"}}",
        "[{\"issue\": 12, \"owner\": \"hermes\"}]",
        "{\"claims\": {\"12\": \"hermes\"}}",
        "{\"claims\": [{\"issue\": 12, \"owner\": \"hermes\", \"host\": \"a\"}]}",
        "{\"claims\": [{\"owner\": \"hermes\"}]}",
        // As the loop wrote claims before they had a holder: read again only by people.
        "{\"claims\": [{\"issue\": 12, \"owner\": \"timmy-cycle-3 on Kimi:0.1@b\", \"claimedAt\": \"2025-03-01T10:00:00Z\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}]}",
        "{\"claims\": [{\"issue\": 12, \"holder\": {\"cycle\": \"timmy-cycle-3\"}}]}",
        "{\"claims\": [], \"version\": 2}"
      })
  void aClaimsFileOfAnUnknownShapeIsMovedAsideAndReported(String content) throws Exception {
    Path claims = config.stateDir().resolve("claims.json");
    Files.createDirectories(claims.getParent());
    Files.writeString(claims, content);

    assertEquals(
        ClaimStatus.CLAIMED, state.claim(new ClaimRequest(1, Holder.byHand("a"), 600)).status());

    List<Path> aside;
    try (Stream<Path> files = Files.list(config.stateDir())) {
      aside =
          files
              .filter(p -> p.getFileName().toString().startsWith("claims.json.unreadable-"))
              .toList();
    }
    assertEquals(1, aside.size(), "moved aside once");
    assertEquals(content, Files.readString(aside.get(0)), "kept whole, not emptied");
    LoopState s = state.readState();
    assertEquals(
        List.of("claims.json could not be read and was moved aside to " + aside.get(0)),
        s.warnings());
  }

  @Test
  void ourOwnShapesAreKept() throws Exception {
    Path claims = config.stateDir().resolve("claims.json");
    Files.createDirectories(claims.getParent());
    Files.writeString(claims, "{}");
    state.claim(new ClaimRequest(1, Holder.byHand("a"), 600));
    state.claim(new ClaimRequest(2, Holder.byHand("b"), 600));
    assertEquals(2, state.readState().liveClaims().size());
    assertEquals(List.of(), state.readState().warnings());
  }

  private static CycleRecord pendingCycle(int n) {
    return new CycleRecord(
        n,
        "timmy-cycle-" + n,
        "2025-03-01T10:00:00Z",
        "2025-03-01T10:30:00Z",
        "ok",
        List.of(),
        List.of(),
        List.of(),
        List.of(10L, 11L),
        List.of(10L),
        List.of(),
        List.of(
            new PaneRecord("Kimi:0.0", 10, 120, "landed"),
            new PaneRecord("Kimi:0.1", 11, 0, "pending")),
        List.of());
  }

  private JsonNode cycle(int n) throws Exception {
    JsonNode root = new ObjectMapper().readTree(config.stateDir().resolve("state.json").toFile());
    for (JsonNode c : root.path("cycles")) if (c.path("cycle").asInt() == n) return c;
    throw new AssertionError("no cycle " + n + " in " + root);
  }

  @Test
  void aJobEndingAfterItsCycleWasRecordedFillsItsPendingPane() throws Exception {
    state.appendCycleRecord(pendingCycle(4));
    state.recordJobEnd(new JobRecord(4, 11, "Kimi:0.1", "landed", 300));
    state.recordJobEnd(new JobRecord(4, 11, "Kimi:0.1", "landed", 300)); // a retry changes nothing

    JsonNode c = cycle(4);
    assertEquals("landed", c.path("panes").get(1).path("outcome").asText());
    assertEquals(300, c.path("panes").get(1).path("durationSeconds").asLong());
    assertEquals("[10,11]", c.path("landed").toString());
    assertEquals("landed", c.path("panes").get(0).path("outcome").asText(), "the others stay");
  }

  @Test
  void aJobEndingBeforeItsCycleIsRecordedIsAppliedWhenItIs() throws Exception {
    state.recordJobEnd(new JobRecord(5, 11, "Kimi:0.1", "failed", 42));
    state.appendCycleRecord(pendingCycle(5));

    JsonNode c = cycle(5);
    assertEquals("failed", c.path("panes").get(1).path("outcome").asText());
    assertEquals(42, c.path("panes").get(1).path("durationSeconds").asLong());
    assertEquals("[10]", c.path("landed").toString());
    JsonNode root = new ObjectMapper().readTree(config.stateDir().resolve("state.json").toFile());
    assertTrue(root.path("jobEnds").isEmpty(), "used up: " + root.path("jobEnds"));
  }
}
