package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.timmyloop.activities.agent.AgentCheckActivities.AgentCheck;
import dev.timmyloop.config.AgentNames;
import dev.timmyloop.config.TimmyConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether an agent can start on this host, as the panes would start it: its program on the
 * worker's {@code PATH}, its version command, its model variables, the sandbox. One line per check,
 * for {@code ./timmy doctor} and {@link AgentCheckActivities}.
 */
public final class AgentDoctor {
  static final long VERSION_SECONDS = 20;

  /** The legacy Kimi CLI release that only prints a deprecation (and exits 0). */
  static final String KIMI_TOMBSTONE = "1.52.0";

  /**
   * @param problem true when the agent cannot run; a warning is neither ok nor a problem
   */
  public record Line(String check, boolean ok, boolean problem, String text) {
    static Line ok(String check, String text) {
      return new Line(check, true, false, text);
    }

    static Line warning(String check, String text) {
      return new Line(check, false, false, text);
    }

    static Line problem(String check, String text) {
      return new Line(check, false, true, text);
    }

    /** {@code claude program: ok (/usr/bin/claude)}, {@code … problem: …}, {@code … warning: …}. */
    public String render(String agent) {
      String status = ok ? "ok" : problem ? "problem:" : "warning:";
      return agent + " " + check + ": " + status + (ok ? " (" + text + ")" : " " + text);
    }
  }

  public record Report(String agent, List<Line> lines, String version) {
    public boolean usable() {
      return lines.stream().noneMatch(Line::problem);
    }

    public AgentCheck toCheck() {
      List<String> problems =
          lines.stream().filter(l -> !l.ok()).map(l -> l.render(agent)).toList();
      return new AgentCheck(agent, usable(), problems, version);
    }
  }

  private final TimmyConfig config;
  private final Map<String, String> worker;

  public AgentDoctor(TimmyConfig config, Map<String, String> worker) {
    this.config = config;
    this.worker = worker;
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
      lines.add(Line.problem("command", "agentCommand is empty (install: " + profile.install() + ")"));
    } else {
      Optional<Path> program =
          AgentSandbox.onPath(profile.program(), worker.getOrDefault("PATH", ""));
      if (program.isEmpty()) {
        lines.add(
            Line.problem(
                "program",
                profile.program()
                    + " is not on the PATH the panes get (install: "
                    + profile.install()
                    + ")"));
      } else {
        lines.add(Line.ok("program", program.get().toString()));
        if (!config.agentCommand().isBlank()) {
          // Another program may stand behind agentCommand: the profile's version flag proves nothing.
          lines.add(Line.ok("version", "not asked: agentCommand replaces the profile's command"));
        } else if (!profile.versionArgs().isEmpty()) {
          Line v = version(profile, program.get());
          lines.add(v);
          if (v.ok()) version = v.text();
        }
      }
    }
    lines.add(variables(profile));
    lines.add(sandbox());
    return new Report(profile.name(), lines, version);
  }

  private Line version(AgentProfile profile, Path program) {
    List<String> argv = new ArrayList<>(List.of(program.toString()));
    argv.addAll(profile.versionArgs());
    String shown = profile.program() + " " + String.join(" ", profile.versionArgs());
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("timmy-doctor-");
      ProcessBuilder pb =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      pb.environment()
          .putAll(
              AgentEnvironment.build(
                  profile, config.agentEnv(), worker, tmp, config.giteaTokenFile()));
      Process p = pb.start();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      if (!p.waitFor(VERSION_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return Line.problem("version", "`" + shown + "` did not finish within " + VERSION_SECONDS + " s");
      }
      String text = new String(out.get(5, TimeUnit.SECONDS), UTF_8).strip();
      String first = text.lines().findFirst().orElse("").strip();
      if (p.exitValue() != 0) {
        return Line.problem(
            "version", "`" + shown + "` exited " + p.exitValue() + ": " + head(first));
      }
      if (profile.name().equals("kimi-cli") && text.contains(KIMI_TOMBSTONE)) {
        return Line.problem(
            "version",
            "kimi-cli "
                + KIMI_TOMBSTONE
                + " only prints a deprecation and does no work (install: "
                + profile.install()
                + ")");
      }
      return Line.ok("version", head(first));
    } catch (IOException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      return Line.problem("version", "`" + shown + "` could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Line.problem("version", "interrupted");
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

  private Line sandbox() {
    String mode = config.agentSandbox();
    if (mode.equals("none")) return Line.ok("sandbox", "none (agentSandbox=none)");
    Optional<String> bwrap = AgentSandbox.probe(worker);
    if (bwrap.isPresent()) return Line.ok("sandbox", "bwrap " + bwrap.get());
    String text = "bwrap is not on PATH or cannot run here (install: " + AgentSandbox.INSTALL + ")";
    return mode.equals("bwrap")
        ? Line.problem("sandbox", text)
        : Line.warning("sandbox", text + "; agents run without a sandbox");
  }

  /** Every profile's name, the configured one first. */
  public List<String> names() {
    List<String> names = new ArrayList<>(List.of(config.agent()));
    AgentNames.ALL.stream().filter(n -> !n.equals(config.agent())).forEach(names::add);
    return names;
  }

  private static byte[] readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      // what was read so far
    }
    return out.toByteArray();
  }

  private static String head(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
