package dev.timmyloop.cli;

import dev.timmyloop.activities.agent.AgentProfile;
import dev.timmyloop.activities.agent.AgentProfiles;
import dev.timmyloop.activities.agent.AgentSandbox;
import dev.timmyloop.config.AgentNames;
import dev.timmyloop.sandbox.model.AgentEnv;
import dev.timmyloop.sandbox.model.ModelServer;
import dev.timmyloop.sandbox.model.Recipe;
import dev.timmyloop.worker.world.CliFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./timmy demo --agent <profile>}: the real CLI, sandboxed, instead of the stand-in, against
 * a scripted model on 127.0.0.1. The model asks each job's CLI to write the fix the stand-in would
 * lay over that worktree (its main file, found by the worktree's name), so the demo's checks hold
 * as they are.
 */
final class DemoAgent implements AutoCloseable {
  /** Where {@code .ci/install-agents} puts the pinned CLIs. */
  static final Path AGENTS = Path.of("/opt/agents/bin");

  private static final Pattern ISSUE_WORKTREE = Pattern.compile("^[a-z]+-(\\d+)-");

  final String profile;
  private final Path cli;
  private ModelServer model;

  /** What the worker's agents run with. */
  final Map<String, String> workerEnv = new LinkedHashMap<>();

  /** The {@code TIMMY_*} settings on top of the demo's. */
  final Map<String, String> timmyEnv = new LinkedHashMap<>();

  private DemoAgent(String profile, Path cli) {
    this.profile = profile;
    this.cli = cli;
  }

  /**
   * The profile's CLI, from {@code agents} ({@link #AGENTS}) or the {@code PATH}.
   *
   * @param agents where the pinned CLIs are looked for before the {@code PATH}
   * @throws CliFailure (exit 2) for an unknown profile, aider, or a CLI that is not installed
   */
  static DemoAgent find(String profile, Map<String, String> system, Path agents) {
    Optional<AgentProfile> known = AgentProfiles.named(profile);
    if (known.isEmpty() || profile.equals(AgentNames.CUSTOM)) {
      List<String> names = new ArrayList<>(AgentNames.ALL);
      names.remove(AgentNames.CUSTOM);
      throw CliFailure.badInput(
          "demo: unknown agent '" + profile + "' (known: " + String.join(", ", names) + ")");
    }
    if (profile.equals("aider")) {
      // No shell tool: the scripted model can only send it one fixed file, not one fix per job.
      throw CliFailure.badInput(
          "demo: --agent aider is not supported (the scripted model cannot"
              + " give it a different fix per issue); try claude, codex, kimi-cli or kimi-code");
    }
    String program = profile.equals("kimi-code") ? "kimi-code" : known.get().program();
    Optional<Path> cli =
        AgentSandbox.onPath(program, agents + ":" + system.getOrDefault("PATH", ""));
    if (cli.isEmpty()) {
      throw CliFailure.badInput(
          "demo: %s (agent %s) is not installed: %s, or run .ci/install-agents"
              .formatted(program, profile, known.get().install()));
    }
    return new DemoAgent(profile, cli.get());
  }

  /**
   * Starts the scripted model for the demo under {@code root} whose fixes are in {@code fixes}.
   *
   * @param system the machine's environment: the worker's, with the model's variables added
   */
  void start(Path root, Path fixes, Path worktrees, Map<String, String> system) throws IOException {
    model = ModelServer.start(Recipe.steered("true"));
    model.chooseByWorktree(worktree -> recipeFor(fixes, worktrees, worktree));
    Path home = Files.createDirectories(root.resolve("agent-home"));
    workerEnv.putAll(system);
    // The CLI's own folder, not a link under root: the sandbox hides /tmp, where root may be.
    workerEnv.put("PATH", cli.getParent() + ":" + system.getOrDefault("PATH", "/usr/bin:/bin"));
    workerEnv.put("HOME", home.toString());
    List<String> names = new ArrayList<>();
    AgentEnv.forProfile(profile, model, home)
        .forEach(
            (name, value) -> {
              if (name.equals("HOME") || name.equals("TMPDIR")) return; // the job's own TMPDIR wins
              workerEnv.put(name, value);
              names.add(name); // by name: agentEnv splits on commas, the worker holds the value
            });
    timmyEnv.put("TIMMY_AGENT", profile);
    timmyEnv.put("TIMMY_AGENT_ENV", String.join(",", names));
    timmyEnv.put("TIMMY_AGENT_SANDBOX", "bwrap");
    if (profile.equals("kimi-code")) {
      // The profile runs `kimi`, which may be the legacy CLI here: name Kimi Code by its path.
      timmyEnv.put("TIMMY_AGENT_COMMAND", cli + " -p {prompt}");
    }
  }

  /**
   * The stand-in's fix for the job in {@code worktree}: its first file outside tests/. Anything not
   * in a job's worktree (the analysis runs in the clone) only hears "Done.".
   */
  static Recipe recipeFor(Path fixes, Path worktrees, String worktree) {
    Path parent =
        worktree == null ? null : Path.of(worktree).toAbsolutePath().normalize().getParent();
    if (parent == null || !parent.equals(worktrees.toAbsolutePath().normalize())) {
      return Recipe.steered("true");
    }
    String name = Path.of(worktree).getFileName().toString();
    Matcher m = ISSUE_WORKTREE.matcher(name);
    Path dir;
    try (Stream<Path> all = Files.list(fixes)) {
      List<Path> dirs = all.sorted().toList();
      dir =
          m.find()
              ? fixes.resolve("issue-" + m.group(1))
              : dirs.stream()
                  .filter(d -> d.getFileName().toString().startsWith("pr-"))
                  .findFirst()
                  .orElse(null);
      if (dir == null || !Files.isDirectory(dir)) return Recipe.steered("true");
      try (Stream<Path> files = Files.walk(dir)) {
        Optional<Path> main =
            files
                .filter(Files::isRegularFile)
                .sorted()
                .filter(f -> !dir.relativize(f).toString().startsWith("tests/"))
                .findFirst();
        if (main.isEmpty()) return Recipe.steered("true");
        return Recipe.edit(dir.relativize(main.get()).toString(), Files.readString(main.get()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String describe() {
    return profile + " (" + cli + ") against a scripted model on " + model.baseUrl();
  }

  @Override
  public void close() {
    if (model != null) model.close();
  }
}
