package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.GiteaHttp.list;
import static dev.timmyloop.activities.gitea.GiteaHttp.text;

import dev.timmyloop.activities.gitea.GiteaHttp.Answer;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Finds the log of a failed Actions job from the commit status Gitea posted for it, using only the
 * API (the old loop's "read the CI log" step).
 *
 * <p>The status's target_url is the web page {@code <base>/<owner>/<repo>/actions/runs/{run}/jobs/
 * {job}}. Gitea writes the run's per-repository number there ({@code run.Index}), while the API's
 * {@code /actions/runs/{run}/jobs} takes the run's global id; the two are equal only on an instance
 * whose first repository runs Actions (and in the sandbox). So the jobs listed under that number
 * count only when their head_sha is the commit's; otherwise the run is found by {@code
 * runs?head_sha=} and its {@code run_number}. {job} is the job's position in the run (Gitea 1.25);
 * some newer versions write the job's id instead, so both are tried, then the first failed job.
 */
final class CiFailureLogs {
  private static final Pattern JOB_URL = Pattern.compile("/actions/runs/(\\d+)/jobs/(\\d+)/?$");

  /** The two numbers of a job's web address. */
  record JobRef(long run, long job) {}

  /** An Actions run; {@code runNumber} is the per-repository number its web page shows. */
  record Run(long id, long runNumber, String headSha, String htmlUrl) {}

  /** An Actions job: {@code status} completed with {@code conclusion} failure when it failed. */
  record Job(long id, String status, String conclusion, String headSha) {
    boolean failed() {
      return "failure".equals(conclusion) || "failure".equals(status);
    }
  }

  private final GiteaHttp http;

  CiFailureLogs(GiteaClient client) {
    this.http = client.http;
  }

  /** {@code .../actions/runs/{run}/jobs/{job}} → both numbers; anything else → empty. */
  static Optional<JobRef> jobRef(String targetUrl) {
    if (targetUrl == null) return Optional.empty();
    Matcher m = JOB_URL.matcher(targetUrl.split("[?#]", 2)[0]);
    if (!m.find()) return Optional.empty();
    return Optional.of(new JobRef(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
  }

  /** The full log of the job behind {@code targetUrl} for {@code sha}; empty when none is found. */
  Optional<String> log(String sha, String targetUrl) {
    Optional<JobRef> ref = jobRef(targetUrl);
    if (ref.isEmpty()) return Optional.empty();
    return pick(jobsOfRun(sha, ref.get().run()), ref.get().job()).flatMap(j -> jobLog(j.id()));
  }

  private List<Job> jobsOfRun(String sha, long runNumber) {
    List<Job> direct = runJobs(runNumber);
    if (!direct.isEmpty() && direct.stream().allMatch(j -> sameCommit(j.headSha(), sha))) {
      return direct;
    }
    for (Run run : runsFor(sha)) {
      boolean same =
          run.runNumber() == runNumber || (run.htmlUrl().endsWith("/actions/runs/" + runNumber));
      if (same && run.id() != runNumber) return runJobs(run.id());
    }
    return List.of();
  }

  /** The job at position {@code job}, else with id {@code job}, preferring failed ones. */
  static Optional<Job> pick(List<Job> jobs, long job) {
    Optional<Job> atIndex = job < jobs.size() ? Optional.of(jobs.get((int) job)) : Optional.empty();
    Optional<Job> withId = jobs.stream().filter(j -> j.id() == job).findFirst();
    if (atIndex.filter(Job::failed).isPresent()) return atIndex;
    if (withId.filter(Job::failed).isPresent()) return withId;
    Optional<Job> anyFailed = jobs.stream().filter(Job::failed).findFirst();
    if (anyFailed.isPresent()) return anyFailed;
    return atIndex.isPresent() ? atIndex : withId;
  }

  /** A server that leaves head_sha out is taken at its word. */
  private static boolean sameCommit(String jobSha, String sha) {
    return jobSha.isEmpty() || jobSha.equalsIgnoreCase(sha);
  }

  /**
   * The newest Actions runs of {@code sha} (one page: a sha has few runs); empty when the server
   * has no Actions (404, 400).
   */
  List<Run> runsFor(String sha) {
    HttpUrl url =
        http.withPage(http.url(Endpoint.LIST_RUNS).addQueryParameter("head_sha", sha).build(), 1);
    Answer answer = http.execute(Endpoint.LIST_RUNS, url, null, s -> s == 404 || s == 400);
    if (answer.status() >= 400) return List.of();
    return list(
        http.object(answer, Endpoint.LIST_RUNS).path("workflow_runs"),
        n ->
            new Run(
                n.path("id").asLong(),
                n.path("run_number").asLong(),
                text(n, "head_sha"),
                text(n, "html_url")));
  }

  /**
   * The jobs of the run with API id {@code runId}, in Gitea's order (by id, the order the web page
   * numbers them); one page. Empty when there is no such run (404, 400).
   */
  List<Job> runJobs(long runId) {
    HttpUrl url = http.withPage(http.url(Endpoint.RUN_JOBS, runId).build(), 1);
    Answer answer = http.execute(Endpoint.RUN_JOBS, url, null, s -> s == 404 || s == 400);
    if (answer.status() >= 400) return List.of();
    return list(
        http.object(answer, Endpoint.RUN_JOBS).path("jobs"),
        n ->
            new Job(
                n.path("id").asLong(),
                text(n, "status"),
                text(n, "conclusion"),
                text(n, "head_sha")));
  }

  /** The plain-text log of an Actions job; empty when the server has none (404, 400). */
  Optional<String> jobLog(long jobId) {
    HttpUrl url = http.url(Endpoint.JOB_LOG, jobId).build();
    Answer answer = http.execute(Endpoint.JOB_LOG, url, null, s -> s == 404 || s == 400);
    return answer.status() >= 400 ? Optional.empty() : Optional.of(answer.body());
  }
}
