package dev.timmyloop.activities.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.activities.git.GitActivities.AddWorktree;
import dev.timmyloop.activities.git.GitActivities.RemoveWorktree;
import dev.timmyloop.activities.git.GitActivities.Worktree;
import dev.timmyloop.activities.process.Heartbeat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four issue jobs start at once on one worker: their worktree adds, prunes and removes in the one
 * repository must not trip over each other (git itself does not lock `worktree add` against a
 * concurrent `worktree prune`; the benchmark's plain-Java baseline hit "failed to read
 * .git/worktrees/…/commondir").
 */
class GitWorktreesConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void parallelAddsAndRemovesInOneRepositoryAllSucceed() throws Exception {
    GitFixture f = GitFixture.create(tmp);
    GitActivitiesImpl git = new GitActivitiesImpl(f.config(), Heartbeat.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<Worktree>> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          String branch = "fix/" + round + "-" + i;
          jobs.add(
              pool.submit(
                  () -> {
                    Worktree wt = git.addWorktree(new AddWorktree(branch, "origin/main"));
                    git.removeWorktree(new RemoveWorktree(wt.path(), true));
                    return wt;
                  }));
        }
        int done = 0;
        for (Future<Worktree> job : jobs) {
          job.get(2, TimeUnit.MINUTES);
          done++;
        }
        assertEquals(6, done);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
