package dev.timmyloop.activities.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GitRunnerTest {
  @Test
  void credentialsInRemoteUrlsAreRedacted() {
    assertEquals(
        "fatal: unable to access 'https://***@gitea.local/a/b.git/': 403",
        GitRunner.redact(
            "fatal: unable to access 'https://timmy:s3cr3t@gitea.local/a/b.git/': 403"));
    assertEquals("git@host:a/b.git", GitRunner.redact("git@host:a/b.git"));
  }

  @Test
  void permanentFailuresAreRecognised() {
    assertTrue(
        GitRunner.isPermanent(
            "fatal: not a git repository (or any of the parent directories): .git"));
    assertTrue(GitRunner.isPermanent("fatal: invalid reference: origin/nope"));
    assertFalse(
        GitRunner.isPermanent("fatal: unable to access 'http://h/': Could not resolve host: h"));
    assertFalse(
        GitRunner.isPermanent("fatal: Unable to create '/r/.git/index.lock': File exists."));
  }
}
