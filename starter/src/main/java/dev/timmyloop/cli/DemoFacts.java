package dev.timmyloop.cli;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import java.nio.file.Path;
import java.util.List;

/**
 * What the demo checks at the end, read once from the scenario: the only place that knows the shape
 * of {@link DemoScenario}.
 */
record DemoFacts(
    String baseUrl,
    String owner,
    String repo,
    Path tokenFile,
    Path repoPath,
    String remote,
    String baseBranch,
    List<Long> issues,
    long stalePr,
    long failingPr) {

  static DemoFacts of(DemoScenario s, TimmyConfig config) {
    return new DemoFacts(
        s.baseUrl(),
        s.owner(),
        s.repo(),
        s.tokenFile(),
        s.repoPath(),
        config.remote(),
        config.baseBranch(),
        s.issues().stream().map(Number::longValue).toList(),
        s.stalePr(),
        s.failingPr());
  }

  /**
   * {@code <base>/api/v1/repos/<owner>/<repo>}, whether or not the base URL already ends in
   * /api/v1.
   */
  String apiRepo() {
    String base = baseUrl.replaceAll("/+$", "");
    if (!base.endsWith("/api/v1")) base += "/api/v1";
    return base + "/repos/" + owner + "/" + repo;
  }
}
