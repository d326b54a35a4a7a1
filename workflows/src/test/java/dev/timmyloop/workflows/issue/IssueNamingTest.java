package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.workflows.phases.FixBrokenPrsImpl;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Replay of jobs started before IssueKind: DEFAULT_VERSION keeps the old fix/ names. */
class IssueNamingTest {
  private static final String TITLE = "[feature] Add calc.power";
  private static final IssueKind KIND = IssueKind.of(TITLE, List.of());

  @Test
  void defaultVersionKeepsTheOldFixNaming() {
    int old = Workflow.DEFAULT_VERSION;
    assertEquals("fix/12-feature-add-calc-power", IssueNaming.branch(old, KIND, 12, TITLE));
    assertEquals("fix: [feature] Add calc.power (#12)", IssueNaming.subject(old, KIND, 12, TITLE));
  }

  @Test
  void versionOneNamesByKind() {
    assertEquals("feat/12-add-calc-power", IssueNaming.branch(1, KIND, 12, TITLE));
    assertEquals("feat: Add calc.power (#12)", IssueNaming.subject(1, KIND, 12, TITLE));
  }

  @Test
  void inProgressBeforeVersionOneOnlySeesFixBranches() {
    assertEquals(false, FixBrokenPrsImpl.inProgress("feat/12-add-calc-power", Set.of(12L), false));
    assertEquals(true, FixBrokenPrsImpl.inProgress("fix/12-add-calc-power", Set.of(12L), false));
    assertEquals(true, FixBrokenPrsImpl.inProgress("feat/12-add-calc-power", Set.of(12L), true));
    assertEquals(false, FixBrokenPrsImpl.inProgress("feat/13-x", Set.of(12L), true));
  }
}
