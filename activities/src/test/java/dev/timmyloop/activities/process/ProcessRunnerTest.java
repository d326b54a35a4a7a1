package dev.timmyloop.activities.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
  @TempDir Path tmp;
  final ProcessRunner runner = new ProcessRunner();

  @Test
  void capturesStdoutStderrExitCodeAndEnvironment() {
    ProcessResult r =
        runner.run(
            ProcessSpec.of(tmp, List.of("sh", "-c", "echo out $GREETING; echo err >&2; exit 3"))
                .withEnv(Map.of("GREETING", "hi")));
    assertEquals(3, r.exitCode());
    assertFalse(r.ok());
    assertEquals("out hi\n", r.out());
    assertEquals("err\n", r.err());
  }

  @Test
  void mergedOutputGoesToTheLogFileAndABoundedBuffer() throws Exception {
    Path log = tmp.resolve("logs/run.log");
    ProcessResult r =
        runner.run(
            ProcessSpec.of(tmp, List.of("sh", "-c", "seq 1 20000; echo done >&2"))
                .withMergedStderr()
                .withLogFile(log)
                .withKeepChars(1000));
    assertTrue(r.ok());
    assertFalse(r.outComplete());
    assertTrue(r.out().startsWith("1\n2\n"));
    assertTrue(r.out().endsWith("20000\ndone\n"), r.out());
    assertTrue(r.out().length() < 2100);
    String full = Files.readString(log);
    assertTrue(full.contains("\n10000\n") && full.endsWith("done\n"));
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    List<Object> beats = new CopyOnWriteArrayList<>();
    ProcessResult r =
        runner.run(
            ProcessSpec.of(tmp, List.of("sh", "-c", "sleep 300 & echo $! > grandchild.pid; wait"))
                .withTimeout(Duration.ofSeconds(2))
                .withHeartbeat(beats::add, Duration.ofMillis(200)));
    assertTrue(r.timedOut());
    assertEquals(-1, r.exitCode());
    assertFalse(beats.isEmpty(), "heartbeats while waiting");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "grandchild still alive");
  }

  @Test
  void aHeartbeatThatThrowsKillsTheProcessAndPropagates() {
    RuntimeException cancelled = new RuntimeException("cancelled");
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                runner.run(
                    ProcessSpec.of(tmp, List.of("sleep", "300"))
                        .withHeartbeat(
                            d -> {
                              throw cancelled;
                            },
                            Duration.ofMillis(100))));
    assertEquals(cancelled, e);
  }

  @Test
  void heartbeatOutsideAnActivityIsANoOp() {
    Heartbeat.ACTIVITY.beat("not in an activity");
  }

  @Test
  void outputBufferKeepsHeadAndTail() {
    OutputBuffer b = new OutputBuffer(4);
    b.append("abcdef".toCharArray(), 0, 6);
    assertEquals("abcdef", b.text());
    b.append("ghijkl".toCharArray(), 0, 6);
    assertEquals("ijkl", b.tail());
    assertTrue(b.text().startsWith("abcd\n…[4 chars cut]\nijkl"));
  }
}
