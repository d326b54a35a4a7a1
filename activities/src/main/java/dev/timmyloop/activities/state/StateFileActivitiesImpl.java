package dev.timmyloop.activities.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Phase 2 (assess: claims, remembered failures) and phase 6 (reflect: state.json,
 * correspondence.md). Every read-modify-write holds the host-wide lock, so two workers on one host
 * never lose an update.
 */
public class StateFileActivitiesImpl implements StateFileActivities {
  /** state.json keeps this many cycle records; older ones drop off the front. */
  static final int MAX_CYCLES = 1000;

  /** Job ends kept for cycles not yet recorded (an {@code ops assign} job's may never be). */
  static final int MAX_JOB_ENDS = 200;

  private final TimmyConfig config;
  private final Clock clock;
  private final StateStore store;
  private final Path stateFile;
  private final Path claimsFile;
  private final FindingLedger ledger;

  public StateFileActivitiesImpl(TimmyConfig config) {
    this(config, Clock.systemUTC());
  }

  public StateFileActivitiesImpl(TimmyConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.store = new StateStore(config.stateDir().resolve(".lock"), clock);
    this.stateFile = config.stateDir().resolve("state.json");
    this.claimsFile = config.stateDir().resolve("claims.json");
    this.ledger = new FindingLedger(store, config.stateDir().resolve("findings-pending.json"));
  }

  @Override
  public LoopState readState() {
    return store.locked(
        () -> {
          ObjectNode state = readStateFile();
          List<Claim> claims = readClaims(readClaimsFile());
          int lastCycle = 0;
          for (JsonNode c : state.withArrayProperty("cycles"))
            lastCycle = Math.max(lastCycle, c.path("cycle").asInt(0));
          Map<String, Long> reported = new LinkedHashMap<>();
          state
              .withObjectProperty("reportedFailures")
              .properties()
              .forEach(e -> reported.put(e.getKey(), e.getValue().asLong()));
          Instant now = clock.instant();
          List<Claim> live = claims.stream().filter(c -> !expired(c, now)).toList();
          List<Claim> gone = claims.stream().filter(c -> expired(c, now)).toList();
          return new LoopState(lastCycle, live, gone, reported, warnings());
        });
  }

  @Override
  public ClaimOutcome claim(ClaimRequest request) {
    if (!wellFormed(request.holder())
        || request.holder().cycle().isBlank()
        || request.ttlSeconds() <= 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a claim needs a holder and a positive ttl", FailureTypes.INVALID_CLAIM);
    }
    return store.locked(
        () -> {
          List<Claim> claims = new ArrayList<>(readClaims(readClaimsFile()));
          Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
          String expires = now.plusSeconds(request.ttlSeconds()).toString();
          Claim held =
              claims.stream()
                  .filter(c -> c.issue() == request.issue() && !expired(c, now))
                  .findFirst()
                  .orElse(null);
          ClaimOutcome outcome;
          if (held != null && !held.holder().equals(request.holder())) {
            return new ClaimOutcome(ClaimStatus.HELD_BY_OTHER, held);
          } else if (held != null) {
            outcome =
                new ClaimOutcome(
                    ClaimStatus.ALREADY_OURS,
                    new Claim(held.issue(), held.holder(), held.claimedAt(), expires));
          } else {
            outcome =
                new ClaimOutcome(
                    ClaimStatus.CLAIMED,
                    new Claim(request.issue(), request.holder(), now.toString(), expires));
          }
          claims.removeIf(c -> c.issue() == request.issue());
          claims.add(outcome.claim());
          writeClaims(claims);
          return outcome;
        });
  }

  @Override
  public void release(Release release) {
    store.locked(
        () -> {
          List<Claim> claims = new ArrayList<>(readClaims(readClaimsFile()));
          if (claims.removeIf(
              c -> c.issue() == release.issue() && c.holder().equals(release.holder()))) {
            writeClaims(claims);
          }
          return null;
        });
  }

  @Override
  public void appendCycleRecord(CycleRecord record) {
    store.locked(
        () -> {
          ObjectNode state = readStateFile();
          ArrayNode cycles = state.withArrayProperty("cycles");
          // A retried append replaces its own record instead of adding a second one.
          for (Iterator<JsonNode> it = cycles.iterator(); it.hasNext(); ) {
            JsonNode c = it.next();
            if (c.path("cycle").asInt(-1) == record.cycle()
                && c.path("workflowId").asText("").equals(String.valueOf(record.workflowId()))) {
              it.remove();
            }
          }
          ObjectNode added = store.json.valueToTree(record);
          // Jobs that ended before this record was written (after phase 5 saw them pending).
          for (Iterator<JsonNode> it = state.withArrayProperty("jobEnds").iterator();
              it.hasNext(); ) {
            JsonNode end = it.next();
            if (end.path("cycle").asInt(-1) != record.cycle()) continue;
            applyJobEnd(
                added,
                new JobRecord(
                    record.cycle(),
                    end.path("issue").asLong(),
                    end.path("pane").asText(""),
                    end.path("outcome").asText("failed"),
                    end.path("durationSeconds").asLong()));
            it.remove();
          }
          cycles.add(added);
          while (cycles.size() > MAX_CYCLES) cycles.remove(0);
          store.writeJson(stateFile, state);
          return null;
        });
  }

  @Override
  public void recordJobEnd(JobRecord end) {
    store.locked(
        () -> {
          ObjectNode state = readStateFile();
          ObjectNode cycle = null;
          for (JsonNode c : state.withArrayProperty("cycles")) {
            if (c.path("cycle").asInt(-1) == end.cycle() && c instanceof ObjectNode o) cycle = o;
          }
          if (cycle != null) {
            if (applyJobEnd(cycle, end)) store.writeJson(stateFile, state);
            return null;
          }
          ArrayNode ends = state.withArrayProperty("jobEnds");
          for (Iterator<JsonNode> it = ends.iterator(); it.hasNext(); ) {
            JsonNode e = it.next();
            if (e.path("cycle").asInt(-1) == end.cycle()
                && e.path("issue").asLong(-1) == end.issue()) it.remove();
          }
          ends.add(store.json.valueToTree(end));
          while (ends.size() > MAX_JOB_ENDS) ends.remove(0);
          store.writeJson(stateFile, state);
          return null;
        });
  }

  /** The pending pane record of the job's issue takes its end; false when there is none. */
  private static boolean applyJobEnd(ObjectNode cycle, JobRecord end) {
    for (JsonNode pane : cycle.withArrayProperty("panes")) {
      if (pane.path("issue").asLong(-1) != end.issue()
          || !"pending".equals(pane.path("outcome").asText())) continue;
      ((ObjectNode) pane)
          .put("outcome", end.outcome())
          .put("durationSeconds", end.durationSeconds());
      ArrayNode landed = cycle.withArrayProperty("landed");
      boolean known = false;
      for (JsonNode n : landed) known |= n.asLong() == end.issue();
      if ("landed".equals(end.outcome()) && !known) landed.add(end.issue());
      return true;
    }
    return false;
  }

  @Override
  public void rememberReportedFailure(ReportedFailure failure) {
    store.locked(
        () -> {
          ObjectNode state = readStateFile();
          state.withObjectProperty("reportedFailures").put(failure.signature(), failure.issue());
          store.writeJson(stateFile, state);
          return null;
        });
  }

  @Override
  public void pendFindings(PendingFindings findings) {
    ledger.add(findings == null ? null : findings.findings());
  }

  @Override
  public PendingFindings pendingFindings(int max) {
    return new PendingFindings(ledger.oldest(max));
  }

  @Override
  public void dropPendingFindings(List<String> signatures) {
    ledger.drop(signatures);
  }

  @Override
  public void appendCorrespondence(String markdown) {
    Path file = config.correspondenceFile();
    String section = markdown.endsWith("\n") ? markdown : markdown + "\n";
    store.locked(
        () -> {
          try {
            String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (!old.isEmpty() && old.endsWith(section))
              return null; // a retry of an append that landed
            String sep =
                old.isEmpty() || old.endsWith("\n\n") ? "" : old.endsWith("\n") ? "\n" : "\n\n";
            store.write(file, (old + sep + section).getBytes(StandardCharsets.UTF_8));
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private ObjectNode readStateFile() {
    return store.readObject(
        stateFile,
        o ->
            (!o.has("cycles") || o.get("cycles").isArray())
                && (!o.has("reportedFailures") || o.get("reportedFailures").isObject())
                && (!o.has("jobEnds") || o.get("jobEnds").isArray()));
  }

  private ObjectNode readClaimsFile() {
    return store.readObject(
        claimsFile,
        o -> {
          if (!StateStore.onlyArray(o, "claims")) return false;
          try {
            readClaims(o);
            return true;
          } catch (IllegalArgumentException e) {
            return false;
          }
        });
  }

  private List<Claim> readClaims(ObjectNode node) {
    List<Claim> out = new ArrayList<>();
    for (JsonNode c : node.withArrayProperty("claims")) {
      try {
        Claim claim = store.json.treeToValue(c, Claim.class);
        if (!wellFormed(claim.holder()))
          throw new IllegalArgumentException("claim without holder: " + c);
        if (!c.path("issue").isIntegralNumber())
          throw new IllegalArgumentException("claim without issue: " + c);
        out.add(claim);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e.getOriginalMessage(), e);
      }
    }
    return out;
  }

  private static boolean wellFormed(Holder h) {
    return h != null && h.cycle() != null && h.host() != null && h.pane() != null;
  }

  private void writeClaims(List<Claim> claims) {
    ObjectNode root = store.json.createObjectNode();
    root.set("claims", store.json.valueToTree(claims));
    store.writeJson(claimsFile, root);
  }

  /** An expiry that does not parse counts as expired: the issue is free again. */
  private static boolean expired(Claim c, Instant now) {
    try {
      return !Instant.parse(c.expiresAt()).isAfter(now);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Every file moved aside stays reported until someone looks at it and deletes it. */
  private List<String> warnings() {
    if (!Files.isDirectory(config.stateDir())) return List.of();
    try (Stream<Path> files = Files.list(config.stateDir())) {
      return files
          .filter(
              p ->
                  p.getFileName().toString().contains(StateStore.UNREADABLE)
                      || p.getFileName().toString().contains(StateStore.OLD_CORRUPT))
          .sorted()
          .map(
              p ->
                  p.getFileName().toString().replaceFirst("\\.(unreadable|corrupt)-.*", "")
                      + " could not be read and was moved aside to "
                      + p)
          .toList();
    } catch (IOException e) {
      return List.of("cannot list " + config.stateDir() + ": " + e.getMessage());
    }
  }
}
