package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.Router.Route;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every route the forge serves, as (method, path template) exactly as in Gitea's swagger.v1.json (a
 * contract test checks each one against the spec).
 */
final class ApiRoutes {
  static final String VERSION = "1.25.4";
  private static final String R = "/repos/{owner}/{repo}";

  private ApiRoutes() {}

  static List<Route> all() {
    return List.of(
        new Route("GET", "/version", c -> ForgeResponse.json(200, Map.of("version", VERSION))),
        new Route("GET", R, ApiRoutes::repo),
        new Route("PATCH", R, ApiRoutes::editRepo),
        new Route("GET", R + "/issues", IssuesApi::list),
        new Route("POST", R + "/issues", IssuesApi::create),
        new Route("GET", R + "/issues/{index}", IssuesApi::get),
        new Route("PATCH", R + "/issues/{index}", IssuesApi::edit),
        new Route("GET", R + "/issues/{index}/comments", IssuesApi::comments),
        new Route("POST", R + "/issues/{index}/comments", IssuesApi::addComment),
        new Route("GET", R + "/labels", IssuesApi::repoLabels),
        new Route("POST", R + "/labels", IssuesApi::createLabel),
        new Route("GET", R + "/issues/{index}/labels", IssuesApi::issueLabels),
        new Route("POST", R + "/issues/{index}/labels", IssuesApi::addIssueLabels),
        new Route("DELETE", R + "/issues/{index}/labels/{id}", IssuesApi::removeIssueLabel),
        new Route("GET", R + "/pulls", PullsApi::list),
        new Route("POST", R + "/pulls", PullsApi::create),
        new Route("GET", R + "/pulls/{index}", PullsApi::get),
        new Route("GET", R + "/pulls/{base}/{head}", PullsApi::byBaseHead),
        new Route("POST", R + "/pulls/{index}/update", PullsApi::update),
        new Route("GET", R + "/pulls/{index}/merge", PullsApi::isMerged),
        new Route("POST", R + "/pulls/{index}/merge", PullsApi::merge),
        new Route("POST", R + "/statuses/{sha}", StatusesApi::create),
        new Route("GET", R + "/statuses/{sha}", StatusesApi::list),
        new Route("GET", R + "/commits/{ref}/status", StatusesApi::combined),
        new Route("GET", R + "/commits/{ref}/statuses", StatusesApi::list),
        new Route("GET", R + "/actions/runs", ActionsApi::runs),
        new Route("GET", R + "/actions/runs/{run}", ActionsApi::run),
        new Route("GET", R + "/actions/runs/{run}/jobs", ActionsApi::runJobs),
        new Route("GET", R + "/actions/jobs/{job_id}", ActionsApi::job),
        new Route("GET", R + "/actions/jobs/{job_id}/logs", ActionsApi::jobLogs));
  }

  /** EditRepoOption's merge-style switches; other fields are ignored. */
  private static ForgeResponse editRepo(Router.Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    synchronized (r) {
      Set<String> styles = new HashSet<>(r.mergeStyles);
      MergeOps.SETTINGS.forEach(
          (field, style) -> {
            JsonNode v = body.get(field);
            if (v == null || v.isNull()) return;
            if (!v.isBoolean()) throw ForgeError.unprocessable("[" + field + "]: not a boolean");
            if (v.asBoolean()) styles.add(style);
            else styles.remove(style);
          });
      r.mergeStyles = Set.copyOf(styles);
    }
    return repo(c);
  }

  private static ForgeResponse repo(Router.Call c) {
    ForgeRepo r = c.repo();
    boolean empty = GitOps.heads(r.gitDir).isEmpty();
    synchronized (r) {
      return ForgeResponse.json(200, c.forge().views().repository(r, empty));
    }
  }
}
