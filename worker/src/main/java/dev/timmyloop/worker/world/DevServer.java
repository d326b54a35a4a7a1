package dev.timmyloop.worker.world;

import dev.timmyloop.worker.SearchAttributeSetup;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Temporal server as a child process: {@code temporal server start-dev} on an SQLite file
 * (workflows survive a restart), its Web UI, and the five {@code Timmy*} search attributes.
 */
public final class DevServer implements AutoCloseable {
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final Duration READY = Duration.ofSeconds(60);

  final int port;
  final int uiPort;
  final Path db;
  private final Process process;
  private volatile String lastErrLine = "";
  private volatile boolean ready;
  private boolean closed;

  private DevServer(Process process, int port, int uiPort, Path db) {
    this.process = process;
    this.port = port;
    this.uiPort = uiPort;
    this.db = db;
  }

  /**
   * Checks the ports and the file, starts the server, waits until gRPC and UI answer and registers
   * the search attributes. The server's own stderr lines go to {@code log} from then on.
   */
  public static DevServer start(TemporalCli cli, Path db, int port, int uiPort, PrintWriter log) {
    if (port == uiPort) throw CliFailure.badInput("--port and --ui-port are both " + port);
    requireFree(port, "--port");
    requireFree(uiPort, "--ui-port");
    checkDatabase(db);
    List<String> argv = new ArrayList<>(withParentDeathSignal());
    argv.addAll(List.of(cli.path.toString(), "server", "start-dev"));
    argv.addAll(
        List.of(
            "--db-filename", db.toString(),
            "--port", String.valueOf(port),
            "--ui-port", String.valueOf(uiPort),
            "--ip", "127.0.0.1"));
    // Acts only when the file is new; register() covers an existing one.
    TimmyAttributes.TYPES.forEach(
        (name, type) -> argv.addAll(List.of("--search-attribute", name + "=" + type)));
    Process process;
    try {
      process =
          new ProcessBuilder(argv)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD) // the banner; we print our own line
              .start();
    } catch (IOException e) {
      throw CliFailure.badInput("cannot run " + cli.path + ": " + e.getMessage());
    }
    DevServer server = new DevServer(process, port, uiPort, db);
    server.follow(process.getErrorStream(), log);
    try {
      server.awaitListening();
      server.register();
      server.ready = true;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * {@code setpriv --pdeathsig TERM} where util-linux has it: a SIGKILLed {@code ./timmy server}
   * takes the dev server with it instead of leaving it on the port and the file. The signal follows
   * the thread that started the child, so start it from one that lives as long as the server.
   */
  private static List<String> withParentDeathSignal() {
    Path setpriv = Path.of("/usr/bin/setpriv");
    if (!Files.isExecutable(setpriv)) return List.of();
    try {
      if (!TemporalCli.run(setpriv, "--help").contains("--pdeathsig")) return List.of();
    } catch (CliFailure e) {
      return List.of();
    }
    return List.of(setpriv.toString(), "--pdeathsig", "TERM");
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  /** SIGTERM, then SIGKILL after 10 s; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static void requireFree(int port, String option) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw CliFailure.badInput(
          "port %s on 127.0.0.1 is in use (%s); choose another with %s"
              .formatted(port, option, option));
    }
  }

  /** An existing non-empty file must be SQLite and not open in another process. */
  private static void checkDatabase(Path db) {
    try {
      if (Files.isDirectory(db)) throw CliFailure.badInput("--db " + db + " is a directory");
      if (Files.exists(db) && Files.size(db) > 0) {
        byte[] head;
        try (InputStream in = Files.newInputStream(db)) {
          head = in.readNBytes(SQLITE_HEADER.length);
        }
        if (!Arrays.equals(head, SQLITE_HEADER)) {
          throw CliFailure.badInput(
              "--db " + db + " is not an SQLite database; left as it is, name another file");
        }
        long pid = openedBy(db.toRealPath());
        if (pid > 0) {
          throw CliFailure.badInput(
              "--db %s is in use by another running server (pid %s); stop it or name another file"
                  .formatted(db, pid));
        }
      }
      Path parent = db.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw CliFailure.badInput("--db " + db + ": " + e);
    }
  }

  /**
   * A process holding the file open, from {@code /proc} (Linux; elsewhere 0). Two dev servers on
   * one file both start and then corrupt each other's state, and SQLite holds no lock between
   * transactions, so the open file is the sign.
   */
  private static long openedBy(Path real) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) return 0;
    long self = ProcessHandle.current().pid();
    try (Stream<Path> pids = Files.list(proc)) {
      for (Path dir : (Iterable<Path>) pids::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) continue;
        try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
          for (Path fd : (Iterable<Path>) fds::iterator) {
            try {
              if (Files.readSymbolicLink(fd).equals(real)) return Long.parseLong(name);
            } catch (IOException e) {
              // Closed meanwhile.
            }
          }
        } catch (IOException | UncheckedIOException e) {
          // Not ours to read, or gone.
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /** Forwards the server's stderr (warnings, errors) and keeps its last line for a failure. */
  private void follow(InputStream err, PrintWriter log) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (line.isBlank()) continue;
                  lastErrLine = line.strip();
                  if (!ready) continue; // an early exit becomes one line of ours
                  synchronized (log) {
                    log.println("temporal: " + lastErrLine);
                    log.flush();
                  }
                }
              } catch (IOException e) {
                // The server ended.
              }
            },
            "temporal-stderr");
    t.setDaemon(true);
    t.start();
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + READY.toNanos();
    while (!(answers(port) && answers(uiPort))) {
      if (!process.isAlive()) {
        try {
          Thread.sleep(200); // the stderr thread reads the last words
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw CliFailure.badInput(
            "the Temporal dev server exited (%s) before it listened: %s"
                .formatted(
                    process.exitValue(), lastErrLine.isEmpty() ? "no message" : lastErrLine));
      }
      if (System.nanoTime() > deadline) {
        throw new CliFailure(
            "the Temporal dev server did not listen on %s and %s in %s"
                .formatted(port, uiPort, READY));
      }
      sleep(100);
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Adds the five attributes; the server skips those it has with the same type. */
  private void register() {
    AddSearchAttributesRequest request = SearchAttributeSetup.addRequest("default");
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address())
                .validateAndBuildWithDefaults());
    long deadline = System.nanoTime() + READY.toNanos();
    try {
      while (true) {
        try {
          operator
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .addSearchAttributes(request);
          return;
        } catch (StatusRuntimeException e) {
          switch (e.getStatus().getCode()) {
            case ALREADY_EXISTS:
              return;
            case UNAVAILABLE, DEADLINE_EXCEEDED, NOT_FOUND:
              // Listening, not yet serving (NOT_FOUND: the default namespace is still being made).
              if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new CliFailure("cannot add the search attributes: " + e.getStatus());
              }
              sleep(250);
              break;
            default:
              throw new CliFailure(
                  "cannot add the search attributes to %s: %s"
                      .formatted(db, e.getStatus().getDescription()));
          }
        }
      }
    } finally {
      operator.shutdown();
      operator.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while starting the Temporal dev server");
    }
  }
}
