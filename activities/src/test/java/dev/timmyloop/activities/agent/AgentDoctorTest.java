package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.timmyloop.activities.agent.AgentCheckActivities.AgentCheck;
import dev.timmyloop.activities.agent.AgentDoctor.Line;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor against real programs: stand-in CLIs in a folder that is the whole PATH. */
class AgentDoctorTest {
  @TempDir Path root;

  private TimmyConfig config(String... pairs) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", root.toString());
    env.put("TIMMY_REPO_PATH", root.toString());
    env.put("TIMMY_AGENT_SANDBOX", "none");
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return ConfigLoader.load(env, Files.writeString(root.resolve("timmy.json"), "{}"));
  }

  private Path bin(String name, String body) throws Exception {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** A PATH entry holding links to this machine's tmux and git, which every job needs. */
  private Path hostTools() throws Exception {
    Path tools = Files.createDirectories(root.resolve("tools"));
    for (String name : List.of("tmux", "git")) {
      Optional<Path> real = AgentSandbox.onPath(name, "/usr/local/bin:/usr/bin:/bin");
      assumeTrue(real.isPresent(), name + " is not installed here");
      Files.createSymbolicLink(tools.resolve(name), real.get());
    }
    return tools;
  }

  private static final String CLAUDE_HELP =
      "case \"$1\" in --version) echo '2.1.332 (Claude Code)';;"
          + " --help) echo '  -p, --print   Print response and exit';"
          + " echo '  --permission-mode <mode>   Permission mode';; esac";

  @Test
  void claudeOnPathWithItsKeyIsUsable() throws Exception {
    Path bin = bin("claude", CLAUDE_HELP);
    Map<String, String> worker =
        Map.of("PATH", bin + ":" + hostTools(), "HOME", root.toString(), "ANTHROPIC_API_KEY", "k");
    AgentCheck check =
        new AgentCheckActivitiesImpl(config("TIMMY_AGENT", "claude"), worker).check("");
    assertTrue(check.usable(), check.problems().toString());
    assertEquals("2.1.332 (Claude Code)", check.version());
    assertEquals(0, check.problems().size(), check.problems().toString());
  }

  @Test
  void helpLackingAFlagNamesIt() throws Exception {
    // A release that renamed --permission-mode: the version still answers, the help does not list
    // it.
    Path bin =
        bin(
            "claude",
            "case \"$1\" in --version) echo '2.2.0 (Claude Code)';;"
                + " --help) echo '  -p, --print   Print'; echo '  --permissions <mode>';; esac");
    AgentDoctor.Report r =
        new AgentDoctor(config(), Map.of("PATH", bin + ":" + hostTools())).check("claude");
    assertFalse(r.usable());
    Line flags = line(r, "flags");
    assertTrue(flags.problem(), r.toString());
    String text = flags.render("claude");
    assertTrue(
        text.startsWith("claude flags: problem: `claude --help` lists no --permission-mode,"),
        text);
    // -p is listed as "-p,"; --max-turns is known to be unlisted and is not asked.
    assertFalse(text.contains("-p,") || text.contains("--max-turns"), text);
  }

  @Test
  void aVersionOrHelpThatTimesOutWarnsButAFailingOneIsAProblem() throws Exception {
    Path tools = hostTools();
    Map<String, String> worker =
        new HashMap<>(Map.of("HOME", root.toString(), "ANTHROPIC_API_KEY", "k"));
    worker.put("PATH", bin("claude", "/bin/sleep 5") + ":" + tools);
    AgentDoctor.Report slow = new AgentDoctor(config(), worker, 1).check("claude");
    Line version = line(slow, "version");
    assertFalse(version.ok() || version.problem(), version.toString());
    assertTrue(version.text().contains("did not finish within 1 s"), version.text());
    assertTrue(slow.usable(), slow.toCheck().problems().toString());

    bin(
        "claude",
        "case \"$1\" in --version) echo '2.1.332 (Claude Code)';; *) /bin/sleep 5;; esac");
    AgentDoctor.Report slowHelp = new AgentDoctor(config(), worker, 1).check("claude");
    Line flags = line(slowHelp, "flags");
    assertFalse(flags.ok() || flags.problem(), flags.toString());
    assertTrue(slowHelp.usable(), slowHelp.toCheck().problems().toString());

    bin("claude", "echo broken; exit 3");
    AgentDoctor.Report broken = new AgentDoctor(config(), worker, 1).check("claude");
    assertTrue(line(broken, "version").problem(), broken.toString());
    assertFalse(broken.usable());
  }

  @Test
  void shortFlagMatchesOnlyAsAWholeWord() {
    assertTrue(AgentDoctor.listed("-p", "  -p, --prompt <prompt>"));
    assertTrue(AgentDoctor.listed("-w", "│ --work-dir  -w  DIRECTORY"));
    assertFalse(AgentDoctor.listed("-p", "  --print  --max-retries-p…"));
    assertFalse(AgentDoctor.listed("--no-stream", "  --no-streaming"));
  }

  @Test
  void hostToolsMissingAreProblemsTestCommandOnlyWarns() throws Exception {
    Path bin = bin("claude", CLAUDE_HELP);
    AgentDoctor empty = new AgentDoctor(config(), Map.of("PATH", bin.toString()));
    AgentDoctor.Report r = empty.check("claude");
    assertFalse(r.usable());
    assertEquals(
        List.of(
            "host tmux: problem: tmux is not on the worker's PATH (install: apt-get install tmux)",
            "host git: problem: git is not on the worker's PATH (install: apt-get install git)"),
        r.host().stream().map(l -> l.render(AgentDoctor.HOST)).toList());
    assertEquals(2, r.toCheck().problems().stream().filter(p -> p.startsWith("host ")).count());
    Line tests = empty.tests();
    assertFalse(tests.ok() || tests.problem(), tests.toString());
    assertTrue(
        tests.text().startsWith("tox (first word of testCommand 'tox -e unit')"), tests.text());

    Path tools = hostTools();
    Files.createSymbolicLink(tools.resolve("tox"), Path.of("/bin/true"));
    AgentDoctor good = new AgentDoctor(config(), Map.of("PATH", bin + ":" + tools));
    AgentDoctor.Report ok = good.check("claude");
    assertTrue(ok.host().stream().allMatch(Line::ok), ok.host().toString());
    assertTrue(line(ok, "tmux").text().matches("tmux \\S+, .*/tools/tmux"), ok.host().toString());
    assertTrue(line(ok, "git").text().startsWith("git version "), ok.host().toString());
    assertTrue(good.tests().ok(), good.tests().toString());
  }

  /**
   * The pinned CLIs as installed by .ci/install-agents: each profile's command flags must all be in
   * its real help. kimi-code's program is also called kimi, so each profile gets its own PATH.
   */
  @Test
  void realClisListEveryFlagOfTheirProfile() throws Exception {
    Map<String, String> installed =
        Map.of(
            "kimi-cli",
            "kimi",
            "kimi-code",
            "kimi-code",
            "claude",
            "claude",
            "codex",
            "codex",
            "aider",
            "aider");
    Path tools = hostTools();
    List<String> seen = new java.util.ArrayList<>();
    for (String name : List.of("kimi-cli", "kimi-code", "claude", "codex", "aider")) {
      Path real = Path.of("/opt/agents/bin", installed.get(name));
      assumeTrue(Files.isExecutable(real), real + " is not installed (.ci/install-agents)");
      AgentProfile profile = AgentProfiles.named(name).orElseThrow();
      Path dir = Files.createDirectories(root.resolve("real-" + name));
      Files.createSymbolicLink(dir.resolve(profile.program()), real);
      Path home = Files.createDirectories(root.resolve("home-" + name));
      Map<String, String> worker =
          Map.of("PATH", dir + ":" + tools + ":/usr/bin:/bin", "HOME", home.toString());
      AgentDoctor.Report r = new AgentDoctor(config(), worker).check(name);
      Line flags = line(r, "flags");
      assertTrue(flags.ok(), r.toString());
      for (String flag : profile.flags()) {
        if (!profile.unlistedFlags().contains(flag)) {
          assertTrue(flags.text().contains(flag), flag + " in " + flags.text());
        }
      }
      assertTrue(line(r, "version").ok(), r.toString());
      seen.add(flags.render(name) + " [" + r.version() + "]");
    }
    System.out.println(String.join("\n", seen));
  }

  private static Line line(AgentDoctor.Report r, String check) {
    return java.util.stream.Stream.concat(r.lines().stream(), r.host().stream())
        .filter(l -> l.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " line in " + r));
  }

  @Test
  void emptyPathIsAProblemWithTheInstallHint() throws Exception {
    AgentDoctor.Report r = new AgentDoctor(config(), Map.of("PATH", "")).check("claude");
    assertFalse(r.usable());
    String program = r.lines().get(0).render("claude");
    assertTrue(program.startsWith("claude program: problem: claude is not on the PATH"), program);
    assertTrue(program.contains("npm install -g @anthropic-ai/claude-code@2.1.332"), program);
    // No model variable is a warning, not a problem.
    assertTrue(
        r.lines().stream().anyMatch(l -> l.check().equals("variables") && !l.ok() && !l.problem()));
  }

  @Test
  void kimiTombstoneIsRefused() throws Exception {
    Path bin = bin("kimi", "echo 'kimi, version 1.52.0'");
    AgentDoctor.Report r = new AgentDoctor(config(), Map.of("PATH", bin.toString())).check("");
    assertFalse(r.usable());
    assertTrue(
        r.toCheck().problems().get(0).contains("1.52.0 only prints a deprecation"), r.toString());
    assertTrue(r.toCheck().problems().get(0).contains("kimi-cli==1.51.0"), r.toString());
  }

  @Test
  void versionThatFailsOrHangsIsAProblem() throws Exception {
    Path bin = bin("codex", "echo broken >&2; exit 3");
    AgentDoctor.Report failed =
        new AgentDoctor(config(), Map.of("PATH", bin.toString())).check("codex");
    assertFalse(failed.usable());
    assertTrue(failed.lines().get(1).text().contains("exited 3: broken"), failed.toString());
  }

  @Test
  void customNeedsACommandAndRequiredBwrapMustExist() throws Exception {
    AgentDoctor doctor =
        new AgentDoctor(
            config("TIMMY_AGENT_SANDBOX", "bwrap"),
            Map.of("PATH", root.resolve("none").toString()));
    AgentDoctor.Report custom = doctor.check("custom");
    assertEquals("command", custom.lines().get(0).check());
    assertTrue(custom.lines().get(0).problem(), custom.toString());
    assertFalse(custom.usable());
    AgentDoctor.Report r = doctor.check("aider");
    assertTrue(
        r.lines().stream().anyMatch(l -> l.check().equals("sandbox") && l.problem()), r.toString());
    ApplicationFailure e =
        assertThrows(
            ApplicationFailure.class,
            () -> new AgentCheckActivitiesImpl(config(), Map.of()).check("gpt"));
    assertTrue(e.isNonRetryable());
  }
}
