package dev.timmyloop.activities.git;

import static dev.timmyloop.activities.git.GitFixture.git;
import static dev.timmyloop.activities.git.GitFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.git.GitActivities.BuildCandidate;
import dev.timmyloop.activities.git.GitActivities.Candidate;
import dev.timmyloop.activities.git.GitActivities.CandidateStatus;
import dev.timmyloop.activities.git.GitActivities.PushCandidate;
import dev.timmyloop.activities.git.GitActivities.PushOutcome;
import dev.timmyloop.activities.process.Heartbeat;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Speculative candidates with real git: built without a worktree, pushed under a lease. */
class GitCandidatesTest {
  @TempDir Path tmp;
  GitFixture f;
  GitActivitiesImpl git;
  Path dev;
  String main;

  @BeforeEach
  void setUp() {
    f = GitFixture.create(tmp);
    git = new GitActivitiesImpl(f.config(), Heartbeat.NONE);
    dev = tmp.resolve("dev");
    git(tmp, "clone", "-q", f.origin.toString(), dev.toString());
    GitFixture.identity(dev);
    git(dev, "config", "user.name", "Dev Eloper");
    main = git(f.repo, "rev-parse", "origin/main");
  }

  /** A PR branch from main, pushed by someone else, with one commit per file; returns its head. */
  private String pushBranch(String branch, String... files) {
    git(dev, "checkout", "-q", "-B", branch, "origin/main");
    for (String file : files) {
      write(dev.resolve(file), file + " of " + branch + "\n");
      git(dev, "add", "-A");
      git(dev, "commit", "-q", "-m", "wip " + file);
    }
    git(dev, "push", "-q", "-f", "origin", branch);
    git(f.repo, "fetch", "-q", "origin");
    return git(dev, "rev-parse", "HEAD");
  }

  private Candidate build(String base, String head, String message) {
    return git.buildCandidate(new BuildCandidate(base, head, message));
  }

  @Test
  void aCandidateIsOneCommitOnItsBaseWithTheSquashAndTheHeadsAuthor() {
    String head = pushBranch("fix/1", "a.py", "b.py");
    String clone = git(f.repo, "rev-parse", "HEAD");
    String message = "fix: $(touch pwned) \"quoted\"; `id` (#7)\n\nCloses #3";

    Candidate c = build(main, head, message);

    assertEquals(CandidateStatus.BUILT, c.status());
    assertEquals(main, git(f.repo, "rev-parse", c.sha() + "^"));
    assertEquals("1", git(f.repo, "rev-list", "--count", main + ".." + c.sha()));
    assertEquals(message, git(f.repo, "log", "-1", "--format=%B", c.sha()));
    assertEquals("Dev Eloper", git(f.repo, "log", "-1", "--format=%an", c.sha()));
    assertEquals("", git(f.repo, "diff", head, c.sha()), "the same tree as the PR's head");
    assertFalse(Files.exists(f.repo.resolve("pwned")) || Files.exists(tmp.resolve("pwned")));
    assertEquals(clone, git(f.repo, "rev-parse", "HEAD"), "nothing checked out");
    assertEquals("", git(f.repo, "status", "--porcelain"));
  }

  @Test
  void candidatesStackAndAConflictWritesNothing() {
    String one = pushBranch("fix/1", "a.py");
    String two = pushBranch("fix/2", "b.py");
    String clash = pushBranch("fix/3", "a.py");

    Candidate c1 = build(main, one, "one (#1)");
    Candidate c2 = build(c1.sha(), two, "two (#2)");
    Candidate c3 = build(c2.sha(), clash, "three (#3)");

    assertEquals(c1.sha(), git(f.repo, "rev-parse", c2.sha() + "^"));
    assertEquals(
        List.of("a.py", "b.py"),
        git(f.repo, "diff", "--name-only", main, c2.sha()).lines().toList());
    assertEquals(new Candidate(CandidateStatus.CONFLICT, "", List.of("a.py")), c3);
    assertEquals(CandidateStatus.BUILT, build(main, clash, "three (#3)").status());
  }

  @Test
  void aPushMovesTheBranchOnlyUnderItsLeaseAndARepeatIsHarmless() {
    String head = pushBranch("fix/1", "a.py");
    String c1 = build(main, head, "one (#1)").sha();

    PushOutcome pushed = git.pushCandidate(new PushCandidate("fix/1", c1, head));
    PushOutcome again = git.pushCandidate(new PushCandidate("fix/1", c1, head));

    assertTrue(pushed.pushed(), pushed.refused());
    assertTrue(again.pushed(), "an attempt whose answer was lost already pushed it");
    assertEquals(c1, git(f.origin, "rev-parse", "fix/1"));

    String other = build(main, head, "other (#1)").sha();
    PushOutcome stale = git.pushCandidate(new PushCandidate("fix/1", other, head));
    assertFalse(stale.pushed(), "the branch is no longer at the expected sha");
    assertTrue(stale.refused().contains("stale info"), stale.refused());
    assertEquals(c1, git(f.origin, "rev-parse", "fix/1"));
  }

  @Test
  void theBaseBranchIsNeverPushedTo() {
    String head = pushBranch("fix/1", "a.py");
    String c1 = build(main, head, "one (#1)").sha();
    for (String branch : List.of("main", "refs/heads/main", "master")) {
      ApplicationFailure e =
          assertThrows(
              ApplicationFailure.class,
              () -> git.pushCandidate(new PushCandidate(branch, c1, main)));
      assertEquals(FailureTypes.PROTECTED_BRANCH, e.getType());
      assertTrue(e.isNonRetryable());
    }
    assertEquals(main, git(f.origin, "rev-parse", "main"));
  }

  @Test
  void aHeadNotInTheCloneIsFetchedAndAnOptionLikeRefIsRefused() {
    git(dev, "checkout", "-q", "-B", "fix/9", "origin/main");
    write(dev.resolve("c.py"), "c\n");
    git(dev, "add", "-A");
    git(dev, "commit", "-q", "-m", "c");
    git(dev, "push", "-q", "origin", "fix/9");
    String head = git(dev, "rev-parse", "HEAD");

    assertEquals(CandidateStatus.BUILT, build(main, head, "nine (#9)").status());
    assertThrows(ApplicationFailure.class, () -> build("--output=x", head, "m"));
    assertThrows(ApplicationFailure.class, () -> build(main, head, " "));
  }
}
