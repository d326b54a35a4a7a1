package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.SandboxGitea.OWNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.LabelChange;
import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.SandboxGitea.Repo;
import dev.timmyloop.sandbox.RequestRecord;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issues, labels, comments and auth through the real client against a real sandbox forge. */
class GiteaClientSandboxTest {
  @TempDir static Path tmp;
  private static SandboxGitea sandbox;
  private Repo repo;
  private GiteaActivitiesImpl activities;
  private GiteaClient client;

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
    client = sandbox.client(repo);
  }

  @Test
  void openIssuesReadsEveryPageAndLeavesPullRequestsOut() throws Exception {
    for (int i = 1; i <= 60; i++) {
      sandbox.forge.createIssue(OWNER, repo.name(), "issue " + i, "body " + i);
    }
    repo.pushBranch("fix/x", "x.txt", "x\n");
    long pr = sandbox.forge.createPull(OWNER, repo.name(), "a PR", "", "fix/x", "main");
    int before = sandbox.forge.requestLog().size();

    List<Issue> issues = activities.openIssues();

    assertEquals(60, issues.size());
    Set<String> titles = issues.stream().map(Issue::title).collect(Collectors.toSet());
    assertTrue(titles.contains("issue 1") && titles.contains("issue 60"), titles.toString());
    assertTrue(issues.stream().noneMatch(i -> i.number() == pr));
    List<RequestRecord> calls = sandbox.forge.requestLog();
    long pages =
        calls.subList(before, calls.size()).stream()
            .filter(
                r -> r.method().equals("GET") && r.path().endsWith("/" + repo.name() + "/issues"))
            .count();
    assertEquals(2, pages, "60 issues at 50 a page");
  }

  @Test
  void createIssueCreatesItsMissingLabels() {
    Issue issue =
        activities.createIssue(
            new NewIssue("[loop-generated] [bug] x", "body", List.of("bug", "loop-generated")));

    assertEquals(List.of("bug", "loop-generated"), issue.labels());
    assertEquals(Set.of("bug", "loop-generated"), client.labels().keySet());
    assertEquals(issue, activities.getIssue(issue.number()));
  }

  @Test
  void createIssueTwiceWithTheSameTitleFilesOneIssue() {
    NewIssue wanted = new NewIssue("[loop-generated] [bug] twice", "body", List.of("bug"));
    Issue first = activities.createIssue(wanted);
    Issue second = activities.createIssue(wanted);

    assertEquals(first.number(), second.number());
    assertEquals(
        1, activities.openIssues().stream().filter(i -> i.title().equals(wanted.title())).count());
    assertEquals(1, client.labels().size(), "the label is not created twice");
  }

  @Test
  void aCommentWithADedupeKeyIsPostedOnce() {
    long n = sandbox.forge.createIssue(OWNER, repo.name(), "t", "b");
    activities.comment(new NewComment(n, "PR opened: #7", "cycle-3-pr"));
    activities.comment(new NewComment(n, "PR opened: #7", "cycle-3-pr"));
    activities.comment(new NewComment(n, "another", "cycle-3-other"));

    List<String> comments = client.comments(n);
    assertEquals(2, comments.size());
    assertTrue(comments.get(0).startsWith("PR opened: #7"));
    assertTrue(comments.get(0).contains("<!-- timmy:cycle-3-pr -->"));
  }

  @Test
  void everyTextTheLoopPostsArrivesWithTheTokenRedacted() {
    String leak = "log: Authorization: token " + SandboxGitea.TOKEN + " end";
    Issue issue =
        activities.createIssue(new NewIssue("title " + SandboxGitea.TOKEN, leak, List.of()));
    activities.comment(new NewComment(issue.number(), leak, "leak"));
    repo.pushBranch("fix/leak", "a.txt", "a\n");
    long pr =
        activities
            .createPull(new NewPull("PR " + SandboxGitea.TOKEN, leak, "fix/leak", "main"))
            .number();

    Issue read = client.getIssue(issue.number());
    assertEquals("title [redacted]", read.title());
    assertEquals("log: Authorization: token [redacted] end", read.body());
    assertTrue(
        client
            .comments(issue.number())
            .get(0)
            .startsWith("log: Authorization: token [redacted] end"));
    var pull = client.getPull(pr);
    assertEquals("PR [redacted]", pull.title());
    assertEquals("log: Authorization: token [redacted] end", pull.body());
  }

  @Test
  void labelsAreAddedAndRemovedByName() {
    long n = sandbox.forge.createIssue(OWNER, repo.name(), "t", "b");
    activities.addLabels(new LabelChange(n, List.of("in-progress", "bug")));
    assertEquals(Set.copyOf(List.of("in-progress", "bug")), labels(n));

    activities.removeLabels(new LabelChange(n, List.of("in-progress", "never-had")));
    assertEquals(Set.of("bug"), labels(n));

    activities.removeLabels(new LabelChange(n, List.of("in-progress"))); // a retry: no error
    activities.addLabels(new LabelChange(n, List.of("bug"))); // already there
    assertEquals(Set.of("bug"), labels(n));
  }

  @Test
  void aWrongTokenIsNonRetryableGiteaAuthNaming401WithoutTheToken() {
    String wrong = "wrong-SENTINEL-token-93ad";
    GiteaActivitiesImpl bad = new GiteaActivitiesImpl(sandbox.options(repo, () -> wrong));

    ApplicationFailure f = assertThrows(ApplicationFailure.class, bad::openIssues);

    assertEquals(FailureTypes.GITEA_AUTH, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("401"), f.getOriginalMessage());
    assertFalse(f.getMessage().contains(wrong));
    assertFalse(f.getMessage().contains(SandboxGitea.TOKEN));
    assertThrows(ApplicationFailure.class, () -> bad.getIssue(1));
  }

  private Set<String> labels(long issue) {
    return Set.copyOf(activities.getIssue(issue).labels());
  }
}
