package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.timmyloop.cli.DemoChecks.Check;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's checks against a real git remote and a small HTTP stand-in for the forge's two GET
 * endpoints (the sandbox forge lives in another module and is not needed to test the reading).
 */
class DemoChecksTest {
  @TempDir Path dir;
  HttpServer forge;
  final Map<String, String> bodies = new LinkedHashMap<>();
  final List<String> auth = new ArrayList<>();

  @BeforeEach
  void startForge() throws IOException {
    forge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    forge.createContext(
        "/",
        exchange -> {
          auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
          String body = bodies.get(exchange.getRequestURI().getPath());
          byte[] bytes =
              (body == null ? "{\"message\":\"not found\"}" : body)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    forge.start();
  }

  @AfterEach
  void stopForge() {
    forge.stop(0);
  }

  private void git(Path in, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of("git", "-c", "user.name=t", "-c", "user.email=t@x", "-C", in.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new AssertionError(String.join(" ", argv) + ":\n" + out);
  }

  /**
   * A remote whose main has: a root commit, squashes for #1 and #2 (twice: a double landing), no
   * #3.
   */
  private DemoFacts facts() throws Exception {
    Path remote = Files.createDirectories(dir.resolve("remote.git"));
    git(remote, "init", "--bare", "-b", "main");
    Path work = Files.createDirectories(dir.resolve("work"));
    git(work, "init", "-b", "main");
    git(work, "remote", "add", "origin", remote.toString());
    for (String msg :
        new String[] {
          "initial",
          "Fix one (#7)\n\nCloses #1",
          "Fix two (#8)\n\nCloses #2",
          "Fix two again (#9)\n\nCloses #2",
          "Mention #31 only"
        }) {
      git(work, "commit", "--allow-empty", "-m", msg);
    }
    git(work, "push", "-q", "origin", "main");
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
    return new DemoFacts(
        "http://127.0.0.1:" + forge.getAddress().getPort(),
        "o",
        "r",
        token,
        work,
        "origin",
        "main",
        List.of(1L, 2L, 3L),
        4,
        5);
  }

  @Test
  void checksReadTheForgeAndTheBranch() throws Exception {
    DemoFacts facts = facts();
    bodies.put("/api/v1/repos/o/r/issues/1", "{\"state\":\"closed\"}");
    bodies.put("/api/v1/repos/o/r/issues/2", "{\"state\":\"closed\"}");
    bodies.put("/api/v1/repos/o/r/issues/3", "{\"state\":\"open\"}");
    bodies.put("/api/v1/repos/o/r/pulls/4", "{\"merged\":true}");
    CycleResult ok =
        new CycleResult(
            1, "ok", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), 0);

    Map<String, Boolean> results = new LinkedHashMap<>();
    for (Check c : new DemoChecks(facts).run(ok)) results.put(c.name(), c.ok());

    Map<String, Boolean> expected = new LinkedHashMap<>();
    expected.put("cycle outcome is ok", true);
    expected.put("issue #1 closed", true);
    expected.put("issue #1: one squash commit on main", true);
    expected.put("issue #2 closed", true);
    expected.put("issue #2: one squash commit on main", false);
    expected.put("issue #3 closed", false);
    expected.put("issue #3: one squash commit on main", false);
    expected.put("stale PR #4 merged", true);
    expected.put("failing PR #5 merged", false);
    assertEquals(expected, results);
    assertEquals(List.of("token s3cret"), auth.stream().distinct().toList());
  }

  @Test
  void aCycleThatDidNotFinishFailsTheFirstCheck() throws Exception {
    Check first = new DemoChecks(facts()).run(null).get(0);
    assertEquals(new Check("cycle outcome is ok", false, "the cycle did not finish"), first);
  }
}
