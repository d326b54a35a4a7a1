package dev.timmyloop.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Stops or waits for the processes that write into a test world, so that a test looks at files and
 * logs only once nothing changes them: the agents' tmux server with its panes, and the runners and
 * agents of jobs that outlive a cycle. (The forge's CI: {@link SandboxForge#stopCi}.)
 */
public final class Quiesce {
  private Quiesce() {}

  /**
   * Kills the tmux server {@code -L socket} and waits until its processes have ended: the server,
   * each pane's process and what those had started (a runner's exit trap still writes its job
   * folder after the hang-up). What is left after {@code max} is SIGKILLed and waited for. A server
   * that is not running is fine.
   */
  public static void stopTmuxServer(String socket, Duration max)
      throws IOException, InterruptedException {
    List<ProcessHandle> procs = new ArrayList<>();
    for (String line : tmux(socket, "list-panes", "-a", "-F", "#{pane_pid}"))
      procs.addAll(tree(line));
    for (String line : tmux(socket, "display-message", "-p", "#{pid}")) procs.addAll(tree(line));
    tmux(socket, "kill-server");
    if (!awaitExit(procs, max)) {
      living(procs).forEach(ProcessHandle::destroyForcibly);
      if (!awaitExit(procs, Duration.ofSeconds(10))) {
        throw new IllegalStateException(
            "tmux " + socket + ": processes survive SIGKILL: " + living(procs));
      }
    }
  }

  /**
   * Waits until no process (but this JVM and tmux) has any of {@code texts} in its command line,
   * e.g. a job folder or the fake agent's path: each one found is waited for (and what it started),
   * then the processes are looked at again. False if some still run after {@code max}; nothing is
   * killed.
   */
  public static boolean awaitNoProcessMentioning(Collection<String> texts, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      List<ProcessHandle> found = mentioning(texts);
      if (found.isEmpty()) return true;
      long left = deadline - System.nanoTime();
      if (left <= 0 || !awaitExit(found, Duration.ofNanos(left))) return false;
    }
  }

  /** Running processes (but this JVM and tmux) whose command line contains one of {@code texts}. */
  public static List<ProcessHandle> mentioning(Collection<String> texts) {
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> out = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) continue;
        String cmdline = cmdline(p);
        // tmux is not such a writer, and its server keeps the command line of the client that
        // started it, which may name a job folder for as long as the server lives
        String argv0 = cmdline.split(" ", 2)[0];
        if (argv0.equals("tmux") || argv0.endsWith("/tmux")) continue;
        if (texts.stream().anyMatch(cmdline::contains)) {
          ProcessHandle.of(Long.parseLong(name)).filter(Quiesce::running).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return out;
  }

  /**
   * Waits for each of {@code procs} and for what they start meanwhile (their descendants are looked
   * at again while they run); adds those to {@code procs}; false if some still run after {@code
   * max}.
   */
  private static boolean awaitExit(List<ProcessHandle> procs, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    Map<Long, ProcessHandle> all = new LinkedHashMap<>();
    procs.forEach(p -> all.put(p.pid(), p));
    try {
      while (true) {
        List<ProcessHandle> running = living(all.values());
        if (running.isEmpty()) return true;
        for (ProcessHandle p : running) p.descendants().forEach(d -> all.putIfAbsent(d.pid(), d));
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        try {
          // a zombie (ended, never reaped: PID 1 here reaps nothing) never completes onExit
          running
              .get(0)
              .onExit()
              .get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // look again
        }
      }
    } finally {
      procs.clear();
      procs.addAll(all.values());
    }
  }

  /** The processes that still run: alive and not a zombie (which writes nothing any more). */
  private static List<ProcessHandle> living(Collection<ProcessHandle> procs) {
    return procs.stream().filter(Quiesce::running).toList();
  }

  private static boolean running(ProcessHandle p) {
    if (!p.isAlive()) return false;
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 1).trim();
      return !(state.startsWith("Z") || state.startsWith("X"));
    } catch (IOException | RuntimeException e) {
      return p.isAlive();
    }
  }

  private static List<ProcessHandle> tree(String pid) {
    List<ProcessHandle> out = new ArrayList<>();
    try {
      ProcessHandle.of(Long.parseLong(pid.trim()))
          .ifPresent(
              h -> {
                out.add(h);
                h.descendants().forEach(out::add);
              });
    } catch (NumberFormatException e) {
      // not a pid line
    }
    return out;
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // ended meanwhile, or not ours to read
    }
  }

  /** Runs {@code tmux -L socket args}; its output lines, none if it fails (no server). */
  private static List<String> tmux(String socket, String... args)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("tmux", "-L", socket));
    argv.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return List.of(); // no tmux: nothing to stop
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("tmux " + String.join(" ", args) + " did not return");
    }
    return p.exitValue() == 0 ? out.lines().toList() : List.of();
  }
}
