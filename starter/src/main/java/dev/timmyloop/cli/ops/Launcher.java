package dev.timmyloop.cli.ops;

import java.nio.file.Path;
import java.util.List;

/** How to run this same program again: the jar we run from, else our class path. */
final class Launcher {
  private Launcher() {}

  static List<String> self() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    try {
      Path source =
          Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (source.toString().endsWith(".jar")) return List.of(java, "-jar", source.toString());
    } catch (Exception e) {
      // Fall through to the class path.
    }
    return List.of(java, "-cp", System.getProperty("java.class.path"), "dev.timmyloop.cli.Timmy");
  }
}
