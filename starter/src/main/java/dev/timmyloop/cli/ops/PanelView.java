package dev.timmyloop.cli.ops;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.state.StateFileActivities.Claim;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.cli.ops.PanelReader.PullView;
import dev.timmyloop.cli.ops.PanelReader.Reads;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.workflows.loop.TimmyLoop;
import dev.timmyloop.workflows.phases.IssueRanking;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.support.Labels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what was read into the panel's lines: pure, apart from the job folders' start times. */
record PanelView(TimmyConfig config, Clock clock) {
  private static final Pattern JOB_ISSUE = Pattern.compile("^issue-(\\d+)");
  private static final int WIDTH = 72;

  Panel panel(Reads r, long millis) {
    List<String> warnings = new ArrayList<>();
    return new Panel(
        services(r),
        panes(r, warnings),
        pulls(r, warnings),
        queue(r),
        warnings(r, warnings),
        millis);
  }

  private List<String> services(Reads r) {
    List<String> out = new ArrayList<>();
    var t = r.temporal();
    if (!t.ok()) out.add("temporal  " + config.temporalAddress() + "  unknown: " + t.error());
    else if (!t.value().reachable())
      out.add("temporal  " + config.temporalAddress() + "  DOWN: " + t.value().detail());
    else {
      out.add("temporal  " + config.temporalAddress() + "  up");
      out.add("worker    " + t.value().worker());
      out.add("loop      " + TimmyLoop.WORKFLOW_ID + " " + t.value().loop());
    }
    String gitea = config.giteaUrl() + " " + config.giteaOwner() + "/" + config.giteaRepo();
    out.add(
        "gitea     "
            + gitea
            + (r.issues().ok() ? "  up, token ok" : "  FAILING: " + r.issues().error()));
    out.add(
        "tmux      session "
            + config.tmuxSession()
            + (r.panes().ok() ? "  present" : "  MISSING: " + r.panes().error()));
    return out;
  }

  private List<String> panes(Reads r, List<String> warnings) {
    if (!r.panes().ok()) return List.of("unknown: " + r.panes().error());
    List<String> out = new ArrayList<>();
    long now = clock.millis();
    for (PaneStatus p : r.panes().value()) {
      String state = !p.alive() ? "GONE" : p.jobId().isEmpty() && p.idle() ? "idle" : "busy";
      StringBuilder line = new StringBuilder(String.format("%-9s %-5s", p.target(), state));
      if (!p.jobId().isEmpty()) {
        line.append(" ").append(p.jobId());
        Matcher m = JOB_ISSUE.matcher(p.jobId());
        if (m.find()) line.append(" #").append(m.group(1));
        OptionalLong started = StateFacts.jobStartedMillis(config.jobsDir(), p.jobId());
        if (started.isPresent()) {
          Duration running = Duration.ofMillis(Math.max(0, now - started.getAsLong()));
          line.append(" ").append(human(running));
          if (running.compareTo(config.agentTimeout()) > 0) {
            warnings.add(
                "stuck job %s in %s: running %s > agentTimeout %s"
                    .formatted(
                        p.jobId(), p.target(), human(running), human(config.agentTimeout())));
          }
        }
      }
      String last = lastLine(p.lastLines());
      line.append("  | ").append(last.isEmpty() ? "-" : last);
      out.add(cut(line.toString()));
      if (!p.alive()) warnings.add("pane " + p.target() + " is missing (./timmy ops wake-kimi)");
    }
    return out;
  }

  private List<String> pulls(Reads r, List<String> warnings) {
    if (!r.pulls().ok()) return List.of("unknown: " + r.pulls().error());
    List<String> out = new ArrayList<>();
    for (PullView v : r.pulls().value()) {
      GiteaActivities.PullRequest p = v.pull();
      out.add(
          cut(String.format("#%-4d %-8s %s  (%s)", p.number(), v.ci(), p.title(), p.headBranch())));
      if (p.labels().contains(Labels.NEEDS_HUMAN)) {
        warnings.add("parked PR #" + p.number() + " (needs-human): " + p.title());
      }
    }
    return out;
  }

  private List<String> queue(Reads r) {
    if (!r.issues().ok()) return List.of("unknown: " + r.issues().error());
    List<Long> claimed =
        r.state().ok()
            ? r.state().value().liveClaims().stream().map(Claim::issue).toList()
            : List.of();
    List<IssueRef> ranked = IssueRanking.rank(r.issues().value(), claimed);
    List<String> out = new ArrayList<>();
    for (IssueRef i : ranked) out.add(cut(String.format("#%-4d %s", i.number(), i.title())));
    for (Claim c : r.state().ok() ? r.state().value().liveClaims() : List.<Claim>of()) {
      out.add(cut("claimed #" + c.issue() + " by " + c.holder() + " until " + c.expiresAt()));
    }
    return out;
  }

  private List<String> warnings(Reads r, List<String> warnings) {
    List<String> out = new ArrayList<>();
    if (r.state().ok()) {
      for (Claim c : r.state().value().expiredClaims()) {
        out.add(
            "expired claim #" + c.issue() + " by " + c.holder() + " (since " + c.expiresAt() + ")");
      }
      for (String w : r.state().value().warnings()) out.add("state: " + w);
    } else {
      out.add("state unreadable: " + r.state().error());
    }
    if (r.lastFailures().ok()) {
      for (String f : r.lastFailures().value()) out.add(cut("failing: " + f));
    }
    if (r.issues().ok()) {
      for (GiteaActivities.Issue i : r.issues().value()) {
        if (i.title().startsWith("[loop-generated] [bug]")) {
          out.add(cut("main failing? open #" + i.number() + " " + i.title()));
        }
      }
    }
    if (r.temporal().ok() && r.temporal().value().paused()) {
      out.add("loop paused: " + r.temporal().value().loop() + " (./timmy ops resume)");
    }
    out.addAll(warnings);
    return out;
  }

  private static String lastLine(String lines) {
    if (lines == null) return "";
    String[] all = lines.strip().split("\n");
    return all.length == 0 ? "" : all[all.length - 1].strip();
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? s / 3600 + "h" + (s % 3600) / 60 + "m"
        : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
  }

  private static String cut(String line) {
    return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 1) + "…";
  }
}
