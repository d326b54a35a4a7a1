package dev.timmyloop.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** TEMP stub for compile; the real scenario comes from the sandbox branch. */
public record DemoScenario(
    String baseUrl,
    String owner,
    String repo,
    Path tokenFile,
    Path repoPath,
    String agentCommand,
    Map<String, String> env,
    List<Long> issues,
    long stalePr,
    long failingPr)
    implements AutoCloseable {

  public static DemoScenario create(Path root, Duration agentDelay) {
    throw new UnsupportedOperationException("TEMP stub");
  }

  @Override
  public void close() {}
}
