package dev.timmyloop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Where the figures were taken: cores, CPU model, RAM, and the commit checked out. */
public record Machine(int cores, String cpu, long ramMb, String commit, String java) {

  static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        readRamMb(),
        readCommit(),
        System.getProperty("java.vm.name", "java") + " " + System.getProperty("java.version", ""));
  }

  String line() {
    return String.format(
        Locale.ROOT, "%d cores, %s, %d MB RAM; %s; commit %s", cores, cpu, ramMb, java, commit);
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch", "unknown");
  }

  private static long readRamMb() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return Runtime.getRuntime().maxMemory() / (1024 * 1024);
  }

  /** {@code git describe}-like: the short sha, with "+dirty" when the work tree has changes. */
  private static String readCommit() {
    String sha = git("rev-parse", "--short=10", "HEAD");
    if (sha.isEmpty()) return "unknown";
    return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? sha : sha + "+dirty";
  }

  private static String git(String... args) {
    try {
      List<String> argv = new java.util.ArrayList<>(List.of("git"));
      argv.addAll(List.of(args));
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "";
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
