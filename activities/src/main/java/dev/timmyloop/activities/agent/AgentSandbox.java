package dev.timmyloop.activities.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's bubblewrap sandbox ({@code agentSandbox}): the whole file system read-only, its
 * worktree, its job folder and its own state under {@code HOME} writable, the Gitea token, the
 * loop's state and the other worktrees out of sight, the network shared (its model endpoint).
 * {@code --cap-drop ALL} matters: as root bwrap keeps every capability unless told.
 */
public final class AgentSandbox {
  public static final String INSTALL = "apt-get install bubblewrap";

  private static final Logger log = LoggerFactory.getLogger(AgentSandbox.class);

  static final List<String> ISOLATION =
      List.of("--unshare-all", "--share-net", "--cap-drop", "ALL", "--die-with-parent");

  /**
   * What one job's sandbox shows.
   *
   * @param agentDir the job's {@code agent} folder (its {@code TMPDIR}); the rest of the job folder
   *     stays hidden
   * @param promptFile shown read-only ({@code {prompt_file}}); null when the prompt comes on stdin
   */
  public record Layout(
      Path worktree,
      Path agentDir,
      Path promptFile,
      Path home,
      List<String> homeDirs,
      Path tokenFile,
      Path stateDir,
      Path worktreeRoot) {}

  private final String mode;
  private final Map<String, String> worker;
  private Optional<String> probed;
  private boolean warned;

  /**
   * @param mode {@code auto}, {@code bwrap} or {@code none}
   */
  public AgentSandbox(String mode, Map<String, String> worker) {
    this.mode = mode;
    this.worker = worker;
  }

  /**
   * The bwrap program a job runs under, or empty for none. The probe runs once per worker.
   *
   * @throws IllegalStateException when {@code agentSandbox} is {@code bwrap} and bwrap is unusable
   */
  public synchronized Optional<String> program() {
    if (mode.equals("none")) return Optional.empty();
    if (probed == null) probed = probe(worker);
    if (probed.isEmpty()) {
      if (mode.equals("bwrap")) {
        throw new IllegalStateException(
            "agentSandbox is bwrap, but bwrap is not on PATH or cannot run here (install: "
                + INSTALL
                + ")");
      }
      if (!warned) {
        log.warn("bwrap is not on PATH or cannot run here: agents run without a sandbox");
        warned = true;
      }
    }
    return probed;
  }

  /** bwrap's path when it is on the worker's {@code PATH} and starts a sandbox with our flags. */
  public static Optional<String> probe(Map<String, String> worker) {
    Optional<Path> bwrap = onPath("bwrap", worker.getOrDefault("PATH", ""));
    if (bwrap.isEmpty()) return Optional.empty();
    List<String> argv = new ArrayList<>(List.of(bwrap.get().toString(), "--ro-bind", "/", "/"));
    argv.addAll(List.of("--dev", "/dev", "--proc", "/proc"));
    argv.addAll(ISOLATION);
    argv.addAll(List.of("--", "/bin/sh", "-c", "exit 0"));
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(bwrap.get().toString()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The executable {@code program} on {@code path}, or the program itself when it names a path. */
  public static Optional<Path> onPath(String program, String path) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /**
   * The words put before the agent's command. Creates the home folders it binds. Later mounts win
   * over earlier ones: hide first, then show what the job may touch, then hide the token.
   */
  public static List<String> command(String bwrap, Layout l) throws IOException {
    List<String> a = new ArrayList<>(List.of(bwrap, "--ro-bind", "/", "/"));
    a.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
    hide(a, l.worktreeRoot());
    hide(a, l.stateDir());
    bind(a, "--bind", l.worktree());
    Optional<Path> admin = worktreeAdmin(l.worktree());
    if (admin.isPresent()) bind(a, "--bind", admin.get());
    Files.createDirectories(l.agentDir());
    bind(a, "--bind", l.agentDir());
    if (l.promptFile() != null) bind(a, "--ro-bind", l.promptFile());
    if (l.home() != null) {
      for (String name : l.homeDirs()) bind(a, "--bind", homeEntry(l.home().resolve(name)));
    }
    List<Path> shown = shown(l, admin);
    if (l.home() != null && Files.isDirectory(l.home())) {
      for (String name : CREDENTIALS) {
        if (l.homeDirs().contains(name)) continue;
        conceal(a, l.home().resolve(name), shown);
      }
    }
    if (l.tokenFile() != null && Files.exists(l.tokenFile())) {
      Path file = real(l.tokenFile());
      Path dir = file.getParent();
      boolean ownFolder =
          dir != null
              && dir.getParent() != null
              && (l.home() == null || !dir.equals(real(l.home())))
              && shown.stream().noneMatch(p -> p.startsWith(dir));
      if (ownFolder) a.addAll(List.of("--tmpfs", dir.toString()));
      else a.addAll(List.of("--ro-bind", "/dev/null", file.toString()));
    }
    a.addAll(ISOLATION);
    a.addAll(List.of("--chdir", real(l.worktree()).toString(), "--"));
    return a;
  }

  /** Well-known credentials under HOME, hidden unless a profile keeps its state there. */
  static final List<String> CREDENTIALS =
      List.of(
          ".ssh",
          ".git-credentials",
          ".netrc",
          ".aws",
          ".docker/config.json",
          ".config/gh",
          ".config/tea",
          ".kube",
          ".gnupg");

  /** What the job must see: a tmpfs over any of their ancestors would hide it. */
  private static List<Path> shown(Layout l, Optional<Path> admin) throws IOException {
    List<Path> shown = new ArrayList<>();
    for (Path p :
        new Path[] {
          l.worktree(),
          l.agentDir(),
          l.promptFile(),
          l.stateDir(),
          l.worktreeRoot(),
          admin.orElse(null)
        }) {
      if (p != null) shown.add(real(p));
    }
    if (l.home() != null) {
      for (String name : l.homeDirs()) shown.add(real(l.home().resolve(name)));
    }
    return shown;
  }

  /**
   * An empty folder over a folder, {@code /dev/null} over a file; nothing if it holds a shown path.
   */
  private static void conceal(List<String> a, Path p, List<Path> shown) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    Path r = real(p);
    if (Files.isDirectory(r)) {
      if (shown.stream().noneMatch(s -> s.startsWith(r)))
        a.addAll(List.of("--tmpfs", r.toString()));
    } else if (Files.exists(r)) {
      a.addAll(List.of("--ro-bind", "/dev/null", r.toString()));
    }
  }

  /**
   * A linked worktree's own admin folder ({@code <repo>/.git/worktrees/<name>}, named by its {@code
   * .git} file): git writes its index and locks there. The shared objects stay read-only.
   */
  static Optional<Path> worktreeAdmin(Path worktree) throws IOException {
    Path dotGit = worktree.resolve(".git");
    if (!Files.isRegularFile(dotGit)) return Optional.empty();
    String first = Files.readString(dotGit, StandardCharsets.UTF_8).lines().findFirst().orElse("");
    if (!first.startsWith("gitdir:")) return Optional.empty();
    Path dir = worktree.resolve(first.substring("gitdir:".length()).trim()).normalize();
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** A name with an extension is a file ({@code .claude.json}), anything else a folder. */
  private static Path homeEntry(Path p) throws IOException {
    if (Files.exists(p)) return p;
    if (p.getFileName().toString().endsWith(".json")) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, "{}");
    } else {
      Files.createDirectories(p);
    }
    return p;
  }

  private static void hide(List<String> a, Path dir) throws IOException {
    if (dir != null && Files.isDirectory(dir)) a.addAll(List.of("--tmpfs", real(dir).toString()));
  }

  private static void bind(List<String> a, String how, Path p) throws IOException {
    String s = real(p).toString();
    a.addAll(List.of(how, s, s));
  }

  /**
   * bwrap mounts on the real path; a symlinked folder would otherwise be bound twice or not at all.
   */
  private static Path real(Path p) throws IOException {
    return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
  }
}
