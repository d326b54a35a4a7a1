package dev.timmyloop.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuiesceTest {
  @TempDir Path tmp;

  @Test
  void aScanSkipsFilesThatVanishAndCountsTheOthers() throws Exception {
    Files.createDirectories(tmp.resolve("a/b"));
    for (String f : List.of("a/one", "a/b/two", "a/b/three", "gone"))
      Files.writeString(tmp.resolve(f), f);
    List<String> read = new ArrayList<>();
    int seen =
        FileScan.regularFiles(
            tmp,
            f -> {
              if (f.getFileName().toString().equals("two")) Files.delete(tmp.resolve("gone"));
              if (f.getFileName().toString().equals("three")) Files.delete(tmp.resolve("a/one"));
              read.add(Files.readString(f));
            });
    assertEquals(seen, read.size());
    assertTrue(read.containsAll(List.of("a/b/two", "a/b/three")), read.toString());
    assertTrue(seen >= 2, "seen " + seen);
    assertEquals(
        0, FileScan.regularFiles(tmp.resolve("missing"), f -> {}), "a missing root: nothing seen");
  }

  @Test
  void waitsForTheProcessesNamingAPathAndWhatTheyStart() throws Exception {
    Path marker = Files.createDirectories(tmp.resolve("job"));
    Path out = marker.resolve("out");
    Process p =
        new ProcessBuilder(
                "sh", "-c", "sleep 1; echo done > '" + out + "'", "runner", marker.toString())
            .start();
    // At least sh itself; a child it is forking still carries the same command line for a moment.
    assertFalse(Quiesce.mentioning(List.of(marker.toString())).isEmpty());
    assertTrue(
        Quiesce.awaitNoProcessMentioning(List.of(marker.toString()), Duration.ofSeconds(30)));
    assertTrue(Files.exists(out), "the writer had finished");
    assertTrue(p.waitFor(5, TimeUnit.SECONDS));

    Process slow = new ProcessBuilder("sh", "-c", "sleep 30", "runner", marker.toString()).start();
    try {
      assertFalse(
          Quiesce.awaitNoProcessMentioning(List.of(marker.toString()), Duration.ofMillis(300)));
    } finally {
      slow.destroyForcibly().waitFor();
    }
  }

  @Test
  void stopsATmuxServerAndWaitsForItsPanes() throws Exception {
    String socket = "quiesce-test-" + ProcessHandle.current().pid();
    Path out = tmp.resolve("trap");
    // a pane whose process writes a file when hung up, after a while
    String script =
        "trap 'sleep 1; echo hup > \"" + out + "\"; exit 0' HUP; while true; do sleep 0.1; done";
    Process start =
        new ProcessBuilder(
                "tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "bash", "-c", script)
            .start();
    assertEquals(0, start.waitFor());
    Quiesce.stopTmuxServer(socket, Duration.ofSeconds(30));
    assertEquals("hup\n", Files.readString(out), "the pane's exit trap ran to its end");
    Quiesce.stopTmuxServer(socket, Duration.ofSeconds(5)); // no server: nothing to do
  }
}
