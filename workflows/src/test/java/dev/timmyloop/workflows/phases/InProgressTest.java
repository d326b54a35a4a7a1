package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A PR is in progress while a job holds the claim on its branch's issue, whatever the kind. */
class InProgressTest {
  @Test
  void theLoopsBranchOfAClaimedIssueOfAnyKind() {
    assertEquals(true, FixBrokenPrsImpl.inProgress("feat/12-add-calc-power", Set.of(12L)));
    assertEquals(true, FixBrokenPrsImpl.inProgress("fix/12-add-calc-power", Set.of(12L)));
    assertEquals(false, FixBrokenPrsImpl.inProgress("feat/13-x", Set.of(12L)));
    assertEquals(false, FixBrokenPrsImpl.inProgress("someone/12-x", Set.of(12L)));
  }
}
