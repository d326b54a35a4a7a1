package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.SandboxGitea.Repo;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast-forward-only merges, as the speculative queue asks them, against the sandbox forge. */
class GiteaFastForwardSandboxTest {
  @TempDir static Path tmp;
  private static SandboxGitea sandbox;

  @BeforeAll
  static void startForge() throws Exception {
    sandbox = new SandboxGitea(tmp);
  }

  @AfterAll
  static void stopForge() {
    sandbox.close();
  }

  private static MergeRequest fastForward(PullRequest pr, String head) {
    return new MergeRequest(pr.number(), head, "", "", true, MergeRequest.FAST_FORWARD_ONLY);
  }

  private Repo repo(Set<String> styles) throws Exception {
    Repo repo = sandbox.repo();
    sandbox.forge.allowMergeStyles(SandboxGitea.OWNER, repo.name(), styles);
    return repo;
  }

  @Test
  void aHeadOnMainIsMergedByMovingMainToIt() throws Exception {
    Repo repo = repo(Set.of("fast-forward-only"));
    GiteaActivitiesImpl gitea = sandbox.activities(repo);
    String head = repo.pushBranch("fix/ff", "a.txt", "a\n");
    PullRequest pr = gitea.createPull(new NewPull("PR ff", "body", "fix/ff", "main"));
    sandbox.awaitCi();

    MergeOutcome merged = gitea.merge(fastForward(pr, head));

    assertEquals(MergeStatus.MERGED, merged.status(), merged.message());
    assertEquals(head, repo.remote("main"));
    assertTrue(gitea.getPull(pr.number()).merged());
  }

  @Test
  void mainMovedMeanwhileIsConflictOrStaleHeadAndNothingMoves() throws Exception {
    Repo repo = repo(Set.of("fast-forward-only", "squash"));
    GiteaActivitiesImpl gitea = sandbox.activities(repo);
    String head = repo.pushBranch("fix/late", "a.txt", "a\n");
    PullRequest pr = gitea.createPull(new NewPull("PR late", "body", "fix/late", "main"));
    String main = repo.pushMain("b.txt", "b\n");
    sandbox.awaitCi();

    MergeOutcome outcome = gitea.merge(fastForward(pr, head));

    assertEquals(MergeStatus.CONFLICT_OR_STALE_HEAD, outcome.status(), outcome.message());
    assertTrue(outcome.message().contains("DivergingFastForwardOnly"), outcome.message());
    assertEquals(main, repo.remote("main"));
    assertFalse(gitea.getPull(pr.number()).merged());
  }

  @Test
  void aRepositoryThatDoesNotAllowItSaysNotReady() throws Exception {
    Repo repo = repo(Set.of("squash"));
    GiteaActivitiesImpl gitea = sandbox.activities(repo);
    String head = repo.pushBranch("fix/no", "a.txt", "a\n");
    PullRequest pr = gitea.createPull(new NewPull("PR no", "body", "fix/no", "main"));
    sandbox.awaitCi();

    MergeOutcome outcome = gitea.merge(fastForward(pr, head));

    assertEquals(MergeStatus.NOT_READY, outcome.status(), outcome.message());
    assertFalse(gitea.getPull(pr.number()).merged());
  }
}
