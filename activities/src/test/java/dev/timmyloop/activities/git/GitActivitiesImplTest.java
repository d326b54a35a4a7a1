package dev.timmyloop.activities.git;

import static dev.timmyloop.activities.git.GitFixture.git;
import static dev.timmyloop.activities.git.GitFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.git.GitActivities.*;
import dev.timmyloop.activities.process.Heartbeat;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitActivitiesImplTest {
  @TempDir Path tmp;
  GitFixture f;
  GitActivitiesImpl git;
  TestActivityEnvironment env;

  @BeforeEach
  void setUp() {
    f = GitFixture.create(tmp);
    git = new GitActivitiesImpl(f.config(), Heartbeat.NONE);
  }

  @AfterEach
  void tearDown() {
    if (env != null) env.close();
  }

  private Path worktree(String branch) {
    return Path.of(git.addWorktree(new AddWorktree(branch, "origin/main")).path());
  }

  private static void commitFile(Path dir, String file, String text) {
    write(dir.resolve(file), text);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "change " + file);
  }

  @Test
  void changesIncludeCommittedModifiedAndUntrackedButNotIgnoredFiles() {
    Path wt = worktree("fix/1");
    commitFile(wt, "committed.py", "a = 1\n");
    write(wt.resolve("README.md"), "hello\nworld\n");
    write(wt.resolve("new_file.py"), "b = 2\nc = 3\n");
    write(wt.resolve("debug.log"), "ignored\n");

    Changes c = git.changes(new ChangesQuery(wt.toString(), "origin/main"));

    assertEquals(
        List.of(
            new FileChange("README.md", "M", null),
            new FileChange("committed.py", "A", null),
            new FileChange("new_file.py", "A", null)),
        c.files());
    assertEquals(4, c.insertions());
    assertEquals(0, c.deletions());
    assertTrue(c.diffText().contains("+world"));
    assertTrue(git(wt, "status", "--porcelain").contains("?? new_file.py"), "real index untouched");
  }

  @Test
  void changesOfAnUntouchedWorktreeAreEmpty() {
    Path wt = worktree("fix/2");
    assertTrue(git.changes(new ChangesQuery(wt.toString(), "")).isEmpty());
  }

  @Test
  void failingPreCommitHookIsHookRejectedWithItsOutputAndLeavesChangesStaged() throws Exception {
    Path wt = worktree("fix/3");
    hook(wt, "#!/bin/sh\necho 'ruff: E501 line too long in app.py'\nexit 1\n");
    write(wt.resolve("app.py"), "x = 1\n");

    CommitOutcome out = git.commit(new CommitRequest(wt.toString(), "fix: thing"));

    assertEquals(CommitStatus.HOOK_REJECTED, out.status());
    assertTrue(out.hookOutput().contains("ruff: E501 line too long"), out.hookOutput());
    assertEquals("A  app.py", git(wt, "status", "--porcelain"));
  }

  @Test
  void aStagedFileHoldingTheGiteaTokenIsRefusedWithoutNamingTheToken() throws Exception {
    Path tokenFile = tmp.resolve("token");
    String token = "0123456789abcdef0123456789abcdef01234567";
    Files.writeString(tokenFile, token + "\n");
    git =
        new GitActivitiesImpl(
            f.config(Map.of("TIMMY_GITEA_TOKEN_FILE", tokenFile.toString())), Heartbeat.NONE);
    Path wt = worktree("fix/leak");
    write(wt.resolve("app.py"), "x = 1\n");
    write(wt.resolve("notes/leak.txt"), "found: " + token + "\n");

    CommitOutcome out = git.commit(new CommitRequest(wt.toString(), "fix: thing"));

    assertEquals(CommitStatus.HOOK_REJECTED, out.status());
    assertTrue(out.hookOutput().contains("notes/leak.txt holds the Gitea token"), out.hookOutput());
    assertFalse(out.hookOutput().contains(token), out.hookOutput());
    assertEquals(git(f.repo, "rev-parse", "origin/main"), git(wt, "rev-parse", "HEAD"));
    // Removed, the same change commits.
    Files.delete(wt.resolve("notes/leak.txt"));
    assertEquals(
        CommitStatus.COMMITTED,
        git.commit(new CommitRequest(wt.toString(), "fix: thing")).status());
  }

  @Test
  void passingHookRunsAndTheCommitLands() throws Exception {
    Path wt = worktree("fix/4");
    hook(wt, "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/hook-ran\"\nexit 0\n");
    write(wt.resolve("app.py"), "x = 1\n");

    CommitOutcome out = git.commit(new CommitRequest(wt.toString(), "fix: thing"));

    assertEquals(CommitStatus.COMMITTED, out.status());
    assertEquals(git(wt, "rev-parse", "HEAD"), out.sha());
    assertTrue(
        Files.exists(Path.of(git(wt, "rev-parse", "--absolute-git-dir")).resolve("hook-ran")));
    assertEquals(
        CommitStatus.NOTHING_TO_COMMIT,
        git.commit(new CommitRequest(wt.toString(), "again")).status());
  }

  @Test
  void anAgentsTwoCommitsBecomeOneLoopCommitOnTopOfBaseThroughTheHooks() throws Exception {
    Path wt = worktree("feat/5");
    commitFile(wt, "a.py", "a = 1\n");
    commitFile(wt, "b.py", "b = 2\n");
    hook(wt, "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/hook-ran\"\nexit 0\n");

    CommitOutcome out =
        git.commit(new CommitRequest(wt.toString(), "feat: thing (#5)", "origin/main"));

    assertEquals(CommitStatus.COMMITTED, out.status());
    assertEquals(git(f.repo, "rev-parse", "origin/main"), git(wt, "rev-parse", "HEAD~1"));
    assertEquals("feat: thing (#5)", git(wt, "log", "-1", "--format=%s"));
    assertEquals("1", git(wt, "rev-list", "--count", "origin/main..HEAD"));
    assertEquals("a.py\nb.py", git(wt, "diff", "--name-only", "HEAD~1", "HEAD"));
    assertTrue(
        Files.exists(Path.of(git(wt, "rev-parse", "--absolute-git-dir")).resolve("hook-ran")));
  }

  @Test
  void anAgentCommitAndARejectingHookIsHookRejectedStagedAtBase() throws Exception {
    Path wt = worktree("feat/6");
    commitFile(wt, "a.py", "a = 1\n");
    hook(wt, "#!/bin/sh\necho 'ruff: E501'\nexit 1\n");

    CommitOutcome out =
        git.commit(new CommitRequest(wt.toString(), "feat: thing (#6)", "origin/main"));

    assertEquals(CommitStatus.HOOK_REJECTED, out.status());
    assertTrue(out.hookOutput().contains("ruff: E501"), out.hookOutput());
    assertEquals("A  a.py", git(wt, "status", "--porcelain"));
    assertEquals(git(f.repo, "rev-parse", "origin/main"), git(wt, "rev-parse", "HEAD"));
  }

  @Test
  void theLoopsOwnEarlierCommitAloneIsNothingToCommit() {
    Path wt = worktree("feat/8");
    write(wt.resolve("a.py"), "a = 1\n");
    assertEquals(
        CommitStatus.COMMITTED,
        git.commit(new CommitRequest(wt.toString(), "feat: x (#8)", "origin/main")).status());
    assertEquals(
        CommitStatus.NOTHING_TO_COMMIT,
        git.commit(new CommitRequest(wt.toString(), "feat: x (#8)", "origin/main")).status());
  }

  @Test
  void withoutABaseAnAgentCommitIsStillNothingToCommit() {
    Path wt = worktree("fix/7");
    commitFile(wt, "a.py", "a = 1\n");
    assertEquals(
        CommitStatus.NOTHING_TO_COMMIT,
        git.commit(new CommitRequest(wt.toString(), "fix: x")).status());
  }

  @Test
  void changesToAProtectedPathAreNeverCommittedEvenIfTheReviewMissedThem() {
    Path wt = worktree("fix/6");
    write(wt.resolve("app.py"), "x = 1\n");
    write(wt.resolve(".github/workflows/ci.yml"), "on: push\n");
    String before = git(wt, "rev-parse", "HEAD");

    ActivityFailure e =
        assertThrows(
            ActivityFailure.class,
            () -> activity().commit(new CommitRequest(wt.toString(), "fix: thing")));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FailureTypes.PROTECTED_PATH, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertEquals(
        "refusing to commit changes to protected paths: .github/workflows/ci.yml",
        cause.getOriginalMessage());
    assertEquals(before, git(wt, "rev-parse", "HEAD"));
  }

  /** Hooks live in the repository (core.hooksPath), as the Timmy repo keeps them in .githooks/. */
  private void hook(Path wt, String script) throws Exception {
    Path hooks = f.root.resolve("hooks");
    write(hooks.resolve("pre-commit"), script);
    Files.setPosixFilePermissions(
        hooks.resolve("pre-commit"), PosixFilePermissions.fromString("rwxr-xr-x"));
    git(wt, "config", "core.hooksPath", hooks.toString());
  }

  @Test
  void pushToMainIsRefusedAsNonRetryableProtectedBranch() {
    Path wt = worktree("fix/5");
    ActivityFailure e =
        assertThrows(
            ActivityFailure.class, () -> activity().push(new PushRequest(wt.toString(), "main")));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FailureTypes.PROTECTED_BRANCH, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains("refusing to push to protected branch main"));
  }

  @Test
  void pushLandsTheBranchOnOriginAndRepeatingItIsHarmless() {
    Path wt = worktree("fix/6");
    commitFile(wt, "a.py", "a = 1\n");
    String sha = git(wt, "rev-parse", "HEAD");

    PushOutcome out = activity().push(new PushRequest(wt.toString(), "fix/6"));
    assertEquals(new PushOutcome("fix/6", sha), out);
    assertEquals(sha, git(f.origin, "rev-parse", "refs/heads/fix/6"));
    assertEquals(out, git.push(new PushRequest(wt.toString(), "fix/6")));
  }

  @Test
  void rebaseOntoAMovedMainThenUpToDate() {
    Path wt = worktree("fix/7");
    commitFile(wt, "mine.py", "m = 1\n");
    String mainSha = f.advanceMain("theirs.py", "t = 1\n");
    git.fetch();

    RebaseOutcome out = git.rebase(new RebaseRequest(wt.toString(), "origin/main"));
    assertEquals(RebaseStatus.REBASED, out.status());
    assertEquals(mainSha, git(wt, "rev-parse", "HEAD~1"));
    assertEquals(
        RebaseStatus.UP_TO_DATE,
        git.rebase(new RebaseRequest(wt.toString(), "origin/main")).status());
  }

  @Test
  void rebaseConflictIsAbortedAndNamesTheFiles() {
    Path wt = worktree("fix/8");
    commitFile(wt, "README.md", "mine\n");
    String before = git(wt, "rev-parse", "HEAD");
    f.advanceMain("README.md", "theirs\n");
    git.fetch();

    RebaseOutcome out = git.rebase(new RebaseRequest(wt.toString(), "origin/main"));
    assertEquals(new RebaseOutcome(RebaseStatus.CONFLICT, before, List.of("README.md")), out);
    assertEquals("", git(wt, "status", "--porcelain"));
    assertFalse(Files.exists(wt.resolve(git(wt, "rev-parse", "--git-path", "rebase-merge"))));
    assertEquals(before, git(wt, "rev-parse", "HEAD"));
  }

  @Test
  void refStateCountsBehindAndAheadForAWorktreePathAndABranch() {
    Path wt = worktree("fix/9");
    commitFile(wt, "a.py", "a\n");
    commitFile(wt, "b.py", "b\n");
    f.advanceMain("c.py", "c\n");

    RefState byPath = git.refState(new RefQuery(wt.toString(), "origin/main"));
    assertEquals(1, byPath.behind());
    assertEquals(2, byPath.ahead());
    assertEquals(git(wt, "rev-parse", "HEAD"), byPath.sha());
    RefState byBranch = git.refState(new RefQuery("fix/9", ""));
    assertEquals(List.of(1, 2), List.of(byBranch.behind(), byBranch.ahead()));
  }

  @Test
  void unknownRefAndNotARepositoryAreNonRetryableGitFailed() {
    ApplicationFailure unknown =
        assertThrows(
            ApplicationFailure.class,
            () -> git.refState(new RefQuery("no-such-branch", "origin/main")));
    assertEquals(FailureTypes.GIT_FAILED, unknown.getType());
    assertTrue(unknown.isNonRetryable());

    ApplicationFailure badStart =
        assertThrows(
            ApplicationFailure.class,
            () -> git.addWorktree(new AddWorktree("fix/x", "origin/nope")));
    assertTrue(badStart.isNonRetryable(), badStart.getOriginalMessage());

    GitActivitiesImpl lost =
        new GitActivitiesImpl(f.config(Map.of("TIMMY_REPO_PATH", tmp.toString())), Heartbeat.NONE);
    ApplicationFailure notRepo = assertThrows(ApplicationFailure.class, lost::fetch);
    assertEquals(FailureTypes.GIT_FAILED, notRepo.getType());
    assertTrue(
        notRepo.getOriginalMessage().contains("not a git repository"),
        notRepo.getOriginalMessage());
  }

  private GitActivities activity() {
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
