package dev.timmyloop.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Read-only looks into the loop's files that the state activity does not return. */
final class StateFacts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StateFacts() {}

  /** The failures of the last cycle recorded in {@code state.json}, "cycle N: ..." lines. */
  static List<String> lastFailures(Path stateDir) {
    Path file = stateDir.resolve("state.json");
    if (!Files.isRegularFile(file)) return List.of();
    try {
      JsonNode cycles = JSON.readTree(file.toFile()).path("cycles");
      if (!cycles.isArray() || cycles.isEmpty()) return List.of();
      JsonNode last = cycles.get(cycles.size() - 1);
      List<String> out = new ArrayList<>();
      for (JsonNode f : last.path("failures")) {
        out.add("cycle " + last.path("cycle").asInt() + ": " + f.asText());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** When the agent job started, from its {@code job.json}; empty when unknown. */
  static OptionalLong jobStartedMillis(Path jobsDir, String jobId) {
    if (jobId == null || !jobId.matches("[A-Za-z0-9._-]+") || jobId.matches("\\.+")) {
      return OptionalLong.empty();
    }
    Path file = jobsDir.resolve(jobId).resolve("job.json");
    try {
      JsonNode started = JSON.readTree(file.toFile()).path("startedAtMillis");
      return started.isNumber() ? OptionalLong.of(started.asLong()) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }
}
