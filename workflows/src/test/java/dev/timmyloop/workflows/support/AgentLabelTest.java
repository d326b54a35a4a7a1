package dev.timmyloop.workflows.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentLabelTest {

  /** Labels separated by {@code ;} → the profile picked (blank: configured), the labels ignored. */
  @ParameterizedTest(name = "[{0}] -> ''{1}'' ignoring [{2}]")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "''                          | ''        | ''",
        "bug;good first issue        | ''        | ''",
        "agent:codex                 | codex     | ''",
        "bug;agent:claude            | claude    | ''",
        "Agent:Claude                | claude    | ''",
        "agent: aider                | aider     | ''",
        "agent:kimi-cli              | kimi-cli  | ''",
        "agent:custom                | ''        | agent:custom",
        "Agent:Custom;agent:codex    | codex     | Agent:Custom",
        "agent:gpt                   | ''        | agent:gpt",
        "agent:gpt;agent:codex       | codex     | agent:gpt",
        "agent:codex;agent:codex     | codex     | ''",
        "agent:codex;agent:claude    | ''        | agent:codex;agent:claude",
        "agents:codex                | ''        | ''",
      })
  void labelPicksTheProfile(String labels, String agent, String ignored) {
    AgentLabel.Choice c = AgentLabel.pick(split(labels));
    assertEquals(agent, c.agent());
    assertEquals(split(ignored), c.ignored());
  }

  @org.junit.jupiter.api.Test
  void noLabelsAtAllIsTheConfiguredAgent() {
    assertEquals(new AgentLabel.Choice("", List.of()), AgentLabel.pick(null));
  }

  private static List<String> split(String s) {
    return s.isEmpty() ? List.of() : Arrays.asList(s.split(";"));
  }
}
