package dev.timmyloop.activities.git;

import static dev.timmyloop.activities.git.GitFixture.git;
import static dev.timmyloop.activities.git.GitFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.git.GitActivities.AddWorktree;
import dev.timmyloop.activities.git.GitActivities.CheckoutWorktree;
import dev.timmyloop.activities.git.GitActivities.RemoveWorktree;
import dev.timmyloop.activities.git.GitActivities.Worktree;
import dev.timmyloop.activities.process.Heartbeat;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitWorktreesTest {
  @TempDir Path tmp;
  GitFixture f;
  GitActivitiesImpl git;
  TestActivityEnvironment env;

  @AfterEach
  void tearDown() {
    if (env != null) env.close();
  }

  @BeforeEach
  void setUp() {
    f = GitFixture.create(tmp);
    git = new GitActivitiesImpl(f.config(), Heartbeat.NONE);
  }

  @Test
  void addCreatesWorktreeOnNewBranchAndASecondCallReusesIt() {
    Worktree first = git.addWorktree(new AddWorktree("fix/123-crash", "origin/main"));
    assertEquals(f.worktreeRoot.resolve("fix-123-crash").toString(), first.path());
    assertFalse(first.reused());
    assertEquals("fix/123-crash", git(Path.of(first.path()), "branch", "--show-current"));
    assertEquals(git(f.repo, "rev-parse", "origin/main"), first.headSha());

    Worktree again = git.addWorktree(new AddWorktree("fix/123-crash", "origin/main"));
    assertTrue(again.reused());
    assertEquals(first.path(), again.path());
  }

  @Test
  void addAfterDirectoryDeletedByHandContinuesOnTheExistingBranch() throws Exception {
    Worktree wt = git.addWorktree(new AddWorktree("fix/7", "origin/main"));
    Path dir = Path.of(wt.path());
    write(dir.resolve("a.txt"), "work\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "earlier attempt");
    String earlier = git(dir, "rev-parse", "HEAD");
    GitWorktrees.deleteTree(dir);

    Worktree again = git.addWorktree(new AddWorktree("fix/7", "origin/main"));
    assertEquals(earlier, again.headSha());
    assertTrue(Files.exists(dir.resolve("a.txt")));
  }

  @Test
  void addReplacesAStaleDirectoryThatIsNotAWorktree() {
    Path stale = f.worktreeRoot.resolve("fix-9");
    write(stale.resolve("leftover.txt"), "junk\n");

    Worktree wt = git.addWorktree(new AddWorktree("fix/9", "origin/main"));
    assertEquals(stale.toString(), wt.path());
    assertFalse(Files.exists(stale.resolve("leftover.txt")));
    assertTrue(Files.exists(stale.resolve("README.md")));
  }

  @Test
  void removeDeletesWorktreeAndBranchAndToleratesBeingRepeated() {
    Worktree wt = git.addWorktree(new AddWorktree("fix/5", "origin/main"));
    git.removeWorktree(new RemoveWorktree(wt.path(), true));
    assertFalse(Files.exists(Path.of(wt.path())));
    assertEquals("", git(f.repo, "branch", "--list", "fix/5"));
    assertFalse(git(f.repo, "worktree", "list").contains("fix-5"));

    git.removeWorktree(new RemoveWorktree(wt.path(), true));
  }

  @Test
  void removeAfterDirectoryDeletedByHandStillDropsBranch() {
    Worktree wt = git.addWorktree(new AddWorktree("fix/6", "origin/main"));
    GitWorktrees.deleteTree(Path.of(wt.path()));
    git.removeWorktree(new RemoveWorktree(wt.path(), true));
    assertEquals("", git(f.repo, "branch", "--list", "fix/6"));
    assertFalse(git(f.repo, "worktree", "list").contains("fix-6"));
  }

  @Test
  void checkoutTracksTheRemoteBranchAndResetsAStaleLocalOne() {
    Worktree wt = git.addWorktree(new AddWorktree("fix/pr-1", "origin/main"));
    Path dir = Path.of(wt.path());
    write(dir.resolve("b.txt"), "pushed\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "pushed work");
    git(dir, "push", "-q", "origin", "HEAD:refs/heads/fix/pr-1");
    String remoteHead = git(dir, "rev-parse", "HEAD");
    git(dir, "reset", "-q", "--hard", "HEAD~1"); // the local branch is now stale
    git.removeWorktree(new RemoveWorktree(wt.path(), false));

    Worktree repair = runAsActivity().checkoutWorktree(new CheckoutWorktree("fix/pr-1"));
    assertEquals(remoteHead, repair.headSha());
    assertEquals(
        "origin/fix/pr-1", git(Path.of(repair.path()), "rev-parse", "--abbrev-ref", "@{upstream}"));
  }

  /** The same implementation behind a real activity stub, one attempt. */
  private GitActivities runAsActivity() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new GitActivitiesImpl(f.config()));
    return env.newActivityStub(
        GitActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }
}
