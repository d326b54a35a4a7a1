package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timmyloop.sandbox.ForgeRepo.CiRun;
import dev.timmyloop.sandbox.Router.Call;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Actions API subset over the forge's CI runs. Each run has exactly one job, and the run id is
 * also the job id, so {@code runs?head_sha=X} → {@code runs/{run}/jobs} → {@code jobs/{id}/logs}
 * works as against Gitea.
 */
final class ActionsApi {
  static final String JOB_NAME = "test";
  static final String CONTEXT = "Tests / test (push)";

  private ActionsApi() {}

  static ForgeResponse runs(Call c) {
    ForgeRepo r = c.repo();
    String sha = c.req().query().get("head_sha");
    String branch = c.req().query().get("branch");
    String status = c.req().query().get("status");
    List<CiRun> all = new ArrayList<>();
    synchronized (r) {
      for (CiRun run : r.runs.values()) {
        if (sha != null && !sha.equals(run.sha)) continue;
        if (branch != null && !branch.equals(run.branch)) continue;
        if (status != null && !status.equals(run.status) && !status.equals(run.conclusion))
          continue;
        all.add(run);
      }
    }
    Collections.reverse(all);
    ObjectNode o = Json.obj();
    o.put("total_count", all.size());
    var arr = o.putArray("workflow_runs");
    int page = Math.max(1, c.req().intParam("page", 1));
    int limit =
        Math.min(Paging.MAX_LIMIT, Math.max(1, c.req().intParam("limit", Paging.DEFAULT_LIMIT)));
    all.stream()
        .skip((long) (page - 1) * limit)
        .limit(limit)
        .forEach(run -> arr.add(run(c, r, run)));
    return ForgeResponse.json(200, o).withHeader("X-Total-Count", Integer.toString(all.size()));
  }

  static ForgeResponse run(Call c) {
    return ForgeResponse.json(200, run(c, c.repo(), find(c, "run")));
  }

  static ForgeResponse runJobs(Call c) {
    ObjectNode o = Json.obj();
    o.put("total_count", 1);
    o.putArray("jobs").add(job(c, c.repo(), find(c, "run")));
    return ForgeResponse.json(200, o).withHeader("X-Total-Count", "1");
  }

  static ForgeResponse job(Call c) {
    return ForgeResponse.json(200, job(c, c.repo(), find(c, "job_id")));
  }

  static ForgeResponse jobLogs(Call c) {
    CiRun run = find(c, "job_id");
    try {
      String log = Files.exists(run.log) ? Files.readString(run.log) : "";
      return ForgeResponse.text(200, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run named by path parameter {@code param} (a run id is also its job's id). */
  private static CiRun find(Call c, String param) {
    ForgeRepo r = c.repo();
    synchronized (r) {
      CiRun run = r.runs.get(c.index(param));
      if (run == null) throw ForgeError.notFound("run");
      return run;
    }
  }

  /** Gitea's html address of a job: {@code /{owner}/{repo}/actions/runs/{run}/jobs/{job index}}. */
  static String htmlUrl(Views views, ForgeRepo r, CiRun run) {
    return views.repoHtml(r) + "/actions/runs/" + run.id + "/jobs/0";
  }

  /** The fields a run and its one job share. */
  private static ObjectNode common(CiRun run) {
    ObjectNode o = Json.obj();
    o.put("id", run.id);
    o.put("run_attempt", 1);
    o.put("head_branch", run.branch);
    o.put("head_sha", run.sha);
    o.put("status", run.status);
    o.put("conclusion", run.conclusion);
    o.put("started_at", Json.time(run.startedAt));
    o.put("completed_at", Json.time(run.completedAt));
    return o;
  }

  private static ObjectNode run(Call c, ForgeRepo r, CiRun run) {
    Views v = c.forge().views();
    ObjectNode o = common(run);
    o.put("run_number", run.id);
    o.put("display_title", "CI on " + run.branch);
    o.put("event", "push");
    o.put("path", ".gitea/workflows/tests.yml@refs/heads/" + run.branch);
    o.put("html_url", v.repoHtml(r) + "/actions/runs/" + run.id);
    o.put("url", v.apiRepo(r) + "/actions/runs/" + run.id);
    o.put("repository_id", r.id);
    o.set("actor", v.user(SandboxForge.USER));
    o.set("trigger_actor", v.user(SandboxForge.USER));
    return o;
  }

  private static ObjectNode job(Call c, ForgeRepo r, CiRun run) {
    Views v = c.forge().views();
    ObjectNode o = common(run);
    o.put("run_id", run.id);
    o.put("name", JOB_NAME);
    o.put("created_at", Json.time(run.createdAt));
    o.put("html_url", htmlUrl(v, r, run));
    o.put("url", v.apiRepo(r) + "/actions/jobs/" + run.id);
    o.put("run_url", v.apiRepo(r) + "/actions/runs/" + run.id);
    o.putArray("labels").add("ubuntu-latest");
    o.put("runner_id", 1);
    o.put("runner_name", "sandbox");
    o.set("steps", Json.arr());
    return o;
  }
}
