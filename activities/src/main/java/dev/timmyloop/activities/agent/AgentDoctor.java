package dev.timmyloop.activities.agent;

import dev.timmyloop.activities.agent.AgentCheckActivities.AgentCheck;
import dev.timmyloop.config.AgentNames;
import dev.timmyloop.config.TimmyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether an agent can start on this host, as the panes would start it: its program on the worker's
 * {@code PATH}, its version, its help's flags, its model variables, the sandbox, and the host's
 * tmux and git. One line per check, for {@code ./timmy doctor} and {@link AgentCheckActivities}.
 */
public final class AgentDoctor {
  /** For the version and the help alike: a CLI slower than this would stall every job. */
  static final long VERSION_SECONDS = 20;

  /** The legacy Kimi CLI release that only prints a deprecation (and exits 0). */
  static final String KIMI_TOMBSTONE = "1.52.0";

  /**
   * @param problem true when the agent cannot run; a warning is neither ok nor a problem
   */
  public record Line(String check, boolean ok, boolean problem, String text) {
    public static Line ok(String check, String text) {
      return new Line(check, true, false, text);
    }

    public static Line warning(String check, String text) {
      return new Line(check, false, false, text);
    }

    public static Line problem(String check, String text) {
      return new Line(check, false, true, text);
    }

    /** {@code claude program: ok (/usr/bin/claude)}, {@code … problem: …}, {@code … warning: …}. */
    public String render(String agent) {
      String status = ok ? "ok" : problem ? "problem:" : "warning:";
      return agent + " " + check + ": " + status + (ok ? " (" + text + ")" : " " + text);
    }
  }

  /**
   * @param host the host's lines every job needs (tmux, git)
   * @param sandbox the sandbox jobs run in: {@code bwrap}, {@code none (bwrap not found)}, …
   */
  public record Report(
      String agent, List<Line> lines, List<Line> host, String version, String sandbox) {
    public boolean usable() {
      return Stream.concat(lines.stream(), host.stream()).noneMatch(Line::problem);
    }

    public AgentCheck toCheck() {
      List<String> problems =
          Stream.concat(
                  lines.stream().filter(l -> !l.ok()).map(l -> l.render(agent)),
                  host.stream().filter(l -> !l.ok()).map(l -> l.render(HOST)))
              .toList();
      return new AgentCheck(agent, usable(), problems, version);
    }
  }

  /** The prefix of lines about the machine rather than one agent. */
  public static final String HOST = "host";

  private final TimmyConfig config;
  private final Map<String, String> worker;

  private final long seconds;

  public AgentDoctor(TimmyConfig config, Map<String, String> worker) {
    this(config, worker, VERSION_SECONDS);
  }

  /**
   * @param seconds the version's and the help's limit each; short in tests
   */
  AgentDoctor(TimmyConfig config, Map<String, String> worker, long seconds) {
    this.config = config;
    this.worker = worker;
    this.seconds = seconds;
  }

  /**
   * @param name a profile name; blank means the configured one
   * @throws IllegalArgumentException for a name no profile has
   */
  public Report check(String name) {
    AgentProfile profile = AgentProfiles.forJob(config, name);
    List<Line> lines = new ArrayList<>();
    String version = "";
    if (profile.command().isBlank()) {
      lines.add(
          Line.problem("command", "agentCommand is empty (install: " + profile.install() + ")"));
    } else {
      Optional<Path> program =
          AgentSandbox.onPath(profile.program(), worker.getOrDefault("PATH", ""));
      if (program.isEmpty()) {
        lines.add(
            Line.problem(
                "program",
                "%s is not on the PATH the panes get (install: %s)"
                    .formatted(profile.program(), profile.install())));
      } else {
        lines.add(Line.ok("program", program.get().toString()));
        if (AgentProfiles.usesAgentCommand(config, profile)) {
          // Another program may stand behind agentCommand: the profile's flags prove nothing.
          lines.add(Line.ok("version", "not asked: agentCommand replaces the profile's command"));
        } else {
          Line v = profile.versionArgs().isEmpty() ? null : version(profile, program.get());
          if (v != null) lines.add(v);
          if (v != null && v.ok()) version = v.text();
          // A CLI whose version question failed or timed out would do so for the help too.
          if ((v == null || v.ok()) && !profile.helpArgs().isEmpty()) {
            lines.add(flags(profile, program.get()));
          }
        }
      }
    }
    lines.add(variables(profile));
    String mode = config.agentSandbox();
    Optional<String> bwrap = mode.equals("none") ? Optional.empty() : AgentSandbox.probe(worker);
    lines.add(sandbox(mode, bwrap));
    return new Report(
        profile.name(), lines, HostTools.required(worker), version, sandboxInUse(mode, bwrap));
  }

  /** The test command's program; a warning at most, so not part of {@link #check}. */
  public Line tests() {
    return HostTools.tests(config.testCommand(), worker);
  }

  private Line version(AgentProfile profile, Path program) {
    String shown = profile.program() + " " + String.join(" ", profile.versionArgs());
    Answer a = ask("version", shown, profile, program, profile.versionArgs(), Map.of());
    if (a.none() != null) return a.none();
    ProgramRun.Result r = a.result();
    if (r.code() != 0) {
      return Line.problem(
          "version", "`" + shown + "` exited " + r.code() + ": " + ProgramRun.head(r.firstLine()));
    }
    if (profile.name().equals("kimi-cli") && r.text().contains(KIMI_TOMBSTONE)) {
      return Line.problem(
          "version",
          "kimi-cli %s only prints a deprecation and does no work (install: %s)"
              .formatted(KIMI_TOMBSTONE, profile.install()));
    }
    return Line.ok("version", ProgramRun.head(r.firstLine()));
  }

  /**
   * Each flag of the command must appear in the help: a release that renamed one fails every job.
   */
  private Line flags(AgentProfile profile, Path program) {
    String shown = profile.program() + " " + String.join(" ", profile.helpArgs());
    List<String> wanted =
        profile.flags().stream().filter(f -> !profile.unlistedFlags().contains(f)).toList();
    long start = System.nanoTime();
    // Typer/rich help cuts long flag names to fit 80 columns when there is no terminal.
    Answer a = ask("flags", shown, profile, program, profile.helpArgs(), Map.of("COLUMNS", "200"));
    if (a.none() != null) return a.none();
    ProgramRun.Result r = a.result();
    List<String> missing = wanted.stream().filter(f -> !listed(f, r.text())).toList();
    if (!missing.isEmpty()) {
      return Line.problem(
          "flags",
          "`%s`%s lists no %s, which the command uses (install: %s)"
              .formatted(
                  shown,
                  r.code() == 0 ? "" : " (exit " + r.code() + ")",
                  String.join(", ", missing),
                  profile.install()));
    }
    String unlisted =
        profile.unlistedFlags().isEmpty()
            ? ""
            : "; not listed by design: " + String.join(" ", profile.unlistedFlags());
    String took = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    return Line.ok("flags", String.join(" ", wanted) + " in `" + shown + "`, " + took + unlisted);
  }

  /** {@code flag} as a whole word: {@code -p} matches {@code -p,} but not {@code --print}. */
  static boolean listed(String flag, String help) {
    return Pattern.compile("(?<![\\w-])" + Pattern.quote(flag) + "(?![\\w-])").matcher(help).find();
  }

  /** The CLI's answer, or the check's line when it gave none. */
  private record Answer(ProgramRun.Result result, Line none) {}

  /** Runs the CLI ({@code shown} in lines) with the environment a pane gives it. */
  private Answer ask(
      String check,
      String shown,
      AgentProfile profile,
      Path program,
      List<String> args,
      Map<String, String> extra) {
    List<String> argv = new ArrayList<>(List.of(program.toString()));
    argv.addAll(args);
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("timmy-doctor-");
      Map<String, String> env =
          new HashMap<>(
              AgentEnvironment.build(
                  profile, config.agentEnv(), worker, tmp, config.giteaTokenFile()));
      env.putAll(extra);
      return new Answer(ProgramRun.run(argv, env, seconds), null);
    } catch (ProgramRun.TimedOut e) {
      return new Answer(
          null, Line.warning(check, "`" + shown + "` " + e.getMessage() + " (a busy host?)"));
    } catch (ProgramRun.Failed e) {
      return new Answer(null, Line.problem(check, "`" + shown + "` " + e.getMessage()));
    } catch (IOException e) {
      return new Answer(
          null, Line.problem(check, "`" + shown + "` could not run: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, Line.problem(check, "interrupted"));
    } finally {
      if (tmp != null) tmp.toFile().delete();
    }
  }

  /** Names only, never values: the model's key is among them. */
  private Line variables(AgentProfile profile) {
    if (profile.passThrough().contains("*")) {
      return Line.ok("variables", "the whole environment but TIMMY_* and GITEA_*");
    }
    List<String> set =
        worker.keySet().stream()
            .filter(n -> AgentEnvironment.passes(profile.passThrough(), n))
            .filter(n -> !AgentEnvironment.forbidden(n))
            .sorted()
            .toList();
    List<String> missing =
        config.agentEnv().stream()
            .filter(e -> !e.contains("="))
            .map(String::trim)
            .filter(n -> !worker.containsKey(n))
            .toList();
    if (!missing.isEmpty()) {
      return Line.warning("variables", "agentEnv names " + missing + ", which the worker lacks");
    }
    if (set.isEmpty()) {
      return Line.warning(
          "variables",
          "none of "
              + String.join(", ", profile.passThrough())
              + " is set; the CLI must find its model and key in its own config under HOME");
    }
    return Line.ok("variables", String.join(", ", set));
  }

  private static Line sandbox(String mode, Optional<String> bwrap) {
    if (mode.equals("none")) return Line.ok("sandbox", "none (agentSandbox=none)");
    if (bwrap.isPresent()) return Line.ok("sandbox", "bwrap " + bwrap.get());
    String text = "bwrap is not on PATH or cannot run here (install: " + AgentSandbox.INSTALL + ")";
    return mode.equals("bwrap")
        ? Line.problem("sandbox", text)
        : Line.warning("sandbox", text + "; agents run without a sandbox");
  }

  /** What the worker's readiness line names. */
  private static String sandboxInUse(String mode, Optional<String> bwrap) {
    if (mode.equals("none")) return "none (agentSandbox=none)";
    if (bwrap.isPresent()) return "bwrap";
    return mode.equals("bwrap") ? "bwrap (not found: jobs fail)" : "none (bwrap not found)";
  }

  /** Every profile's name, the configured one first. */
  public List<String> names() {
    List<String> names = new ArrayList<>(List.of(config.agent()));
    AgentNames.ALL.stream().filter(n -> !n.equals(config.agent())).forEach(names::add);
    return names;
  }
}
