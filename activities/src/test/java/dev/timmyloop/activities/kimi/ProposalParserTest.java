package dev.timmyloop.activities.kimi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.kimi.KimiActivities.Proposal;
import org.junit.jupiter.api.Test;

class ProposalParserTest {
  @Test
  void theFirstArrayIsFoundAmongOtherLines() {
    ProposalParser.Parsed p =
        ProposalParser.parse(
            "thinking [really]\n[{\"kind\":\"feature\",\"title\":\"Add --json\",\"body\":\"why\"}]\nTurnEnd()\n");
    assertEquals(1, p.proposals().size());
    assertEquals(new Proposal("feature", "Add --json", "why"), p.proposals().get(0));
  }

  @Test
  void malformedEntriesAreDroppedWithAReasonAndTheRestKept() {
    ProposalParser.Parsed p =
        ProposalParser.parse(
            "[{\"kind\":\"chore\",\"title\":\"x\"},"
                + "{\"kind\":\"bug\",\"title\":\"\"},"
                + "{\"kind\":\"bug\",\"title\":\"two\\nlines\"},"
                + "42,"
                + "{\"kind\":\"soul-gap\",\"title\":\"Timmy forgets\",\"body\":null}]");
    assertEquals(1, p.proposals().size());
    assertEquals("soul-gap", p.proposals().get(0).kind());
    assertEquals(4, p.dropped().size());
  }

  @Test
  void garbageGivesNoProposalsAndSaysSo() {
    ProposalParser.Parsed p = ProposalParser.parse("I could not decide. [unclosed");
    assertTrue(p.proposals().isEmpty());
    assertEquals(1, p.dropped().size());
  }
}
