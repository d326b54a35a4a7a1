package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.agent.AgentActivities.Proposal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalParserTest {
  @Test
  void progressBracketsBeforeTheArrayAreSkipped() {
    ProposalParser.Parsed p =
        ProposalParser.parse(
            "[1/3] start\n"
                + "[1, 2]\n"
                + "[ ] todo\n"
                + "[{\"kind\":\"refactor\",\"title\":\"T\",\"body\":\"B\"}]");
    assertEquals(List.of(new Proposal("refactor", "T", "B")), p.proposals());
    assertEquals(List.of(), p.dropped());
  }

  @Test
  void anEmptyArrayMeansNoProposals() {
    ProposalParser.Parsed p = ProposalParser.parse("nothing to propose\n[]\nTurnEnd()\n");
    assertEquals(List.of(), p.proposals());
    assertEquals(List.of(), p.dropped());
  }

  @Test
  void everyKindIsAccepted() {
    for (String kind : ProposalParser.KINDS) {
      String json = "[{\"kind\":\"" + kind + "\",\"title\":\"t\",\"body\":\"\"}]";
      assertEquals(1, ProposalParser.parse(json).proposals().size(), kind);
    }
  }

  @Test
  void noArrayIsOneDroppedReason() {
    ProposalParser.Parsed p = ProposalParser.parse("}{ garbage ][");
    assertEquals(List.of(), p.proposals());
    assertTrue(p.dropped().get(0).contains("no JSON array"));
  }
}
