package dev.timmyloop.activities.gitea;

/**
 * Every Gitea endpoint the client calls, with the spec's own path template (relative to {@code
 * /api/v1}) and request body schema. Errors and logs name the endpoint, never the URL; the contract
 * test checks each entry against the swagger spec.
 */
public enum Endpoint {
  GET_REPO("getRepo", "GET", "/repos/{owner}/{repo}", null),
  OPEN_ISSUES("openIssues", "GET", "/repos/{owner}/{repo}/issues", null),
  GET_ISSUE("getIssue", "GET", "/repos/{owner}/{repo}/issues/{index}", null),
  CREATE_ISSUE("createIssue", "POST", "/repos/{owner}/{repo}/issues", "CreateIssueOption"),
  LIST_LABELS("listLabels", "GET", "/repos/{owner}/{repo}/labels", null),
  CREATE_LABEL("createLabel", "POST", "/repos/{owner}/{repo}/labels", "CreateLabelOption"),
  ADD_LABELS(
      "addLabels", "POST", "/repos/{owner}/{repo}/issues/{index}/labels", "IssueLabelsOption"),
  REMOVE_LABEL("removeLabel", "DELETE", "/repos/{owner}/{repo}/issues/{index}/labels/{id}", null),
  LIST_COMMENTS("listComments", "GET", "/repos/{owner}/{repo}/issues/{index}/comments", null),
  CREATE_COMMENT(
      "createComment",
      "POST",
      "/repos/{owner}/{repo}/issues/{index}/comments",
      "CreateIssueCommentOption"),
  OPEN_PULLS("openPulls", "GET", "/repos/{owner}/{repo}/pulls", null),
  GET_PULL("getPull", "GET", "/repos/{owner}/{repo}/pulls/{index}", null),
  PULL_BY_BASE_HEAD("pullByBaseHead", "GET", "/repos/{owner}/{repo}/pulls/{base}/{head}", null),
  CREATE_PULL("createPull", "POST", "/repos/{owner}/{repo}/pulls", "CreatePullRequestOption"),
  UPDATE_PULL("updatePull", "POST", "/repos/{owner}/{repo}/pulls/{index}/update", null),
  MERGE_PULL(
      "mergePull", "POST", "/repos/{owner}/{repo}/pulls/{index}/merge", "MergePullRequestOption"),
  IS_MERGED("isMerged", "GET", "/repos/{owner}/{repo}/pulls/{index}/merge", null),
  COMBINED_STATUS("combinedStatus", "GET", "/repos/{owner}/{repo}/commits/{ref}/status", null),
  STATUS_HISTORY("statusHistory", "GET", "/repos/{owner}/{repo}/statuses/{sha}", null),
  LIST_RUNS("listRuns", "GET", "/repos/{owner}/{repo}/actions/runs", null),
  RUN_JOBS("runJobs", "GET", "/repos/{owner}/{repo}/actions/runs/{run}/jobs", null),
  JOB_LOG("jobLog", "GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs", null);

  private final String id;
  private final String method;
  private final String template;
  private final String bodySchema;

  Endpoint(String id, String method, String template, String bodySchema) {
    this.id = id;
    this.method = method;
    this.template = template;
    this.bodySchema = bodySchema;
  }

  /** The name used in logs, metrics and failure messages, e.g. {@code createIssue}. */
  public String id() {
    return id;
  }

  public String method() {
    return method;
  }

  /** The path as the swagger spec writes it, e.g. {@code /repos/{owner}/{repo}/issues/{index}}. */
  public String template() {
    return template;
  }

  /** The spec's definition name of the JSON body, or null when the request has none. */
  public String bodySchema() {
    return bodySchema;
  }
}
