package dev.timmyloop.workflows.support;

import dev.timmyloop.config.AgentNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which agent profile an issue's {@code agent:<profile>} label picks. Pure. */
public final class AgentLabel {
  private AgentLabel() {}

  public static final String PREFIX = "agent:";

  /**
   * @param agent the profile to run, or blank for the configured one
   * @param ignored the {@code agent:} labels that did not count, for a log line
   */
  public record Choice(String agent, List<String> ignored) {}

  /**
   * The profile named by an {@code agent:} label. An unknown name, or {@code custom}, is ignored;
   * two different known names cancel out (neither wins by label order, which Gitea does not
   * promise).
   */
  public static Choice pick(List<String> labels) {
    List<String> known = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String label : labels == null ? List.<String>of() : labels) {
      if (label == null) continue;
      String l = label.trim();
      if (!l.toLowerCase(Locale.ROOT).startsWith(PREFIX)) continue;
      String name = l.substring(PREFIX.length()).trim().toLowerCase(Locale.ROOT);
      // custom passes the worker's whole environment: a label must not widen the agent's reach.
      if (!AgentNames.ALL.contains(name) || name.equals(AgentNames.CUSTOM)) ignored.add(label);
      else if (!known.contains(name)) known.add(name);
    }
    if (known.size() == 1) return new Choice(known.get(0), List.copyOf(ignored));
    for (String name : known) ignored.add(PREFIX + name);
    return new Choice("", List.copyOf(ignored));
  }
}
