package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.SandboxGitea.FAILING_TEST;
import static dev.timmyloop.activities.gitea.SandboxGitea.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.activities.gitea.SandboxGitea.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull requests, merges, statuses and CI logs through {@link GiteaActivitiesImpl} against a real
 * sandbox forge: real git underneath, CI run on every push.
 */
class GiteaActivitiesSandboxTest {
  @TempDir static Path tmp;
  private static SandboxGitea sandbox;
  private Repo repo;
  private GiteaActivitiesImpl activities;

  @BeforeAll
  static void startForge() throws Exception {
    sandbox = new SandboxGitea(tmp);
  }

  @AfterAll
  static void stopForge() {
    sandbox.close();
  }

  @BeforeEach
  void newRepo() throws Exception {
    repo = sandbox.repo();
    activities = sandbox.activities(repo);
  }

  @Test
  void createPullTwiceReturnsTheExistingPullAndFindPullFindsIt() {
    repo.pushBranch("fix/issue-3", "a.txt", "a\n");
    NewPull wanted = new NewPull("[loop-cycle-1] fix #3", "Fixes #3", "fix/issue-3", "main");

    PullRequest first = activities.createPull(wanted);
    PullRequest again = activities.createPull(wanted);

    assertEquals(first.number(), again.number());
    assertEquals("fix/issue-3", first.headBranch());
    assertEquals(repo.remote("fix/issue-3"), first.headSha());
    assertEquals(1, activities.openPulls().size());
    assertEquals(
        Optional.of(first.number()),
        activities.findPull("main", "fix/issue-3").map(PullRequest::number));
    assertEquals(Optional.empty(), activities.findPull("main", "fix/none"));
  }

  @Test
  void updateBranchRebasesOnceThenIsAlreadyUpToDate() throws Exception {
    repo.pushBranch("fix/stale", "a.txt", "a\n");
    PullRequest pr = open("fix/stale");
    String main = repo.pushMain("b.txt", "b\n");
    sandbox.awaitCi();

    UpdateOutcome first = activities.updateBranch(pr.number());
    assertEquals(UpdateStatus.UPDATED, first.status(), first.message());
    String head = repo.remote("fix/stale");
    assertNotEquals(pr.headSha(), head);
    git(repo.bare(), "merge-base", "--is-ancestor", main, head); // fails the test if not

    UpdateOutcome second = activities.updateBranch(pr.number());
    assertEquals(UpdateStatus.ALREADY_UP_TO_DATE, second.status(), second.message());
    assertEquals(head, repo.remote("fix/stale"));
  }

  @Test
  void mergeSquashesToExactlyOneNewCommitThenSaysAlreadyMerged() throws Exception {
    repo.pushBranch("fix/one", "a.txt", "a\n");
    repo.pushMore("fix/one", "b.txt", "b\n");
    PullRequest pr = open("fix/one");
    sandbox.awaitCi();
    String mainBefore = repo.remote("main");

    MergeOutcome merged = activities.merge(request(pr, pr.headSha()));

    assertEquals(MergeStatus.MERGED, merged.status(), merged.message());
    String mainAfter = repo.remote("main");
    assertEquals(mainBefore, repo.remote("main^"));
    assertEquals("1", git(repo.bare(), "rev-list", "--count", mainBefore + ".." + mainAfter));
    assertEquals(2, git(repo.bare(), "rev-list", "--parents", "-n", "1", "main").split(" ").length);
    assertEquals("[loop-cycle-2] fix/one", git(repo.bare(), "log", "-1", "--format=%s", "main"));
    PullRequest after = activities.getPull(pr.number());
    assertTrue(after.merged());
    assertEquals(mainAfter, after.mergeCommitSha());

    MergeOutcome again = activities.merge(request(pr, pr.headSha()));
    assertEquals(MergeStatus.ALREADY_MERGED, again.status());
    assertEquals(mainAfter, repo.remote("main"));
  }

  @Test
  void mergeWithAStaleHeadCommitIdIsConflictOrStaleHead() throws Exception {
    String old = repo.pushBranch("fix/moved", "a.txt", "a\n");
    PullRequest pr = open("fix/moved");
    repo.pushMore("fix/moved", "b.txt", "b\n");
    sandbox.awaitCi(); // the new head is green: only the head check refuses

    MergeOutcome outcome = activities.merge(request(pr, old));

    assertEquals(MergeStatus.CONFLICT_OR_STALE_HEAD, outcome.status());
    assertFalse(activities.getPull(pr.number()).merged());
  }

  @Test
  void mergeWithFailingCiIsNotReadyAndTheFailureLogNamesTheTest() throws Exception {
    String head = repo.pushBranch("fix/red", "tests/test_bad.py", FAILING_TEST);
    PullRequest pr = open("fix/red");
    sandbox.awaitCi();

    MergeOutcome outcome = activities.merge(request(pr, head));
    assertEquals(MergeStatus.NOT_READY, outcome.status(), outcome.message());
    assertFalse(activities.getPull(pr.number()).merged());

    CombinedStatus status = activities.combinedStatus(head);
    assertEquals("failure", status.state());
    String log = activities.ciFailureLog(head);
    assertTrue(log.contains("test_answer_is_42"), log);
    assertTrue(log.contains("the answer drifted"), log);
    assertTrue(log.contains("FAILED"), log);
  }

  @Test
  void ciFailureLogIsEmptyForAGreenCommit() throws Exception {
    String head = repo.pushBranch("fix/green", "a.txt", "a\n");
    sandbox.awaitCi();
    assertTrue(activities.combinedStatus(head).green());
    assertEquals("", activities.ciFailureLog(head));
  }

  @Test
  void combinedStatusIsEmptyBeforeAnyCiAndSuccessAfterIt() throws Exception {
    // A tag push runs no CI: the commit exists on the forge without any status.
    git(repo.work(), "checkout", "-q", "-b", "fix/later", "main");
    String sha = SandboxGitea.commit(repo.work(), "c.txt", "c\n", "Later");
    git(repo.work(), "push", "-q", "origin", "HEAD:refs/tags/before-ci");

    CombinedStatus before = activities.combinedStatus(sha);
    assertEquals("", before.state());
    assertEquals(sha, before.sha());
    assertTrue(before.waiting());
    assertEquals(List.of(), before.statuses());

    git(repo.work(), "push", "-q", "origin", "fix/later");
    sandbox.awaitCi();
    CombinedStatus after = activities.combinedStatus(sha);
    assertEquals("success", after.state());
    assertTrue(after.green());
    assertEquals(sha, after.sha());
    assertEquals(1, after.statuses().size());
  }

  private PullRequest open(String branch) {
    return activities.createPull(new NewPull("PR " + branch, "body", branch, "main"));
  }

  private static MergeRequest request(PullRequest pr, String headCommitId) {
    return new MergeRequest(
        pr.number(), headCommitId, "[loop-cycle-2] " + pr.headBranch(), "squashed", true);
  }
}
