package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timmyloop.sandbox.ForgeRepo.Status;
import dev.timmyloop.sandbox.Router.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commit statuses: post one, list them, and the combined state (worst of the latest per context).
 */
final class StatusesApi {
  private static final List<String> STATES =
      List.of("pending", "success", "error", "failure", "warning", "skipped");

  private StatusesApi() {}

  static ForgeResponse create(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    String state = Json.text(body, "state");
    if (state == null || !STATES.contains(state))
      throw ForgeError.unprocessable("[State]: invalid state");
    String sha =
        GitOps.resolve(r.gitDir, c.param("sha")).orElseThrow(() -> ForgeError.notFound("commit"));
    String context = Json.text(body, "context");
    Status s =
        c.forge()
            .postStatus(
                r,
                sha,
                state,
                context == null || context.isEmpty() ? "default" : context,
                orEmpty(Json.text(body, "description")),
                orEmpty(Json.text(body, "target_url")));
    synchronized (r) {
      return ForgeResponse.json(201, c.forge().views().status(r, s));
    }
  }

  /** {@code GET /commits/{ref}/statuses} and {@code GET /statuses/{sha}}: newest first, paged. */
  static ForgeResponse list(Call c) {
    ForgeRepo r = c.repo();
    String ref = c.params().containsKey("ref") ? c.param("ref") : c.param("sha");
    String sha = GitOps.resolve(r.gitDir, ref).orElseThrow(() -> ForgeError.notFound("ref"));
    synchronized (r) {
      List<Status> all = new ArrayList<>(r.statuses.getOrDefault(sha, List.of()));
      java.util.Collections.reverse(all);
      String state = c.req().query().get("state");
      if (state != null) all.removeIf(s -> !s.state().equals(state));
      return Paging.page(c.req(), c.forge().baseUrl(), all, s -> c.forge().views().status(r, s));
    }
  }

  static ForgeResponse combined(Call c) {
    ForgeRepo r = c.repo();
    String sha =
        GitOps.resolve(r.gitDir, c.param("ref")).orElseThrow(() -> ForgeError.notFound("ref"));
    synchronized (r) {
      List<Status> latest = latest(r, sha);
      Views v = c.forge().views();
      // Gitea answers an all-zero CombinedStatus when nothing was posted: state "", statuses null.
      boolean none = latest.isEmpty();
      ObjectNode o = Json.obj();
      o.put("state", none ? "" : worst(latest));
      o.put("sha", none ? "" : sha);
      o.put("total_count", latest.size());
      if (none) {
        o.putNull("statuses");
        o.putNull("repository");
      } else {
        var arr = o.putArray("statuses");
        latest.forEach(s -> arr.add(v.status(r, s)));
        o.set("repository", v.repository(r, false));
      }
      o.put("commit_url", none ? "" : v.apiRepo(r) + "/git/commits/" + sha);
      o.put("url", none ? "" : v.apiRepo(r) + "/commits/" + sha + "/status");
      return ForgeResponse.json(200, o);
    }
  }

  /** The combined state of a sha, {@code ""} when nothing was posted. */
  static String combinedState(ForgeRepo r, String sha) {
    synchronized (r) {
      List<Status> latest = latest(r, sha);
      return latest.isEmpty() ? "" : worst(latest);
    }
  }

  private static List<Status> latest(ForgeRepo r, String sha) {
    Map<String, Status> byContext = new LinkedHashMap<>();
    for (Status s : r.statuses.getOrDefault(sha, List.of())) byContext.put(s.context(), s);
    return new ArrayList<>(byContext.values());
  }

  /**
   * error and failure beat warning, which beats pending, which beats success (skipped counts as
   * success).
   */
  static String worst(List<Status> statuses) {
    String worst = "success";
    for (Status s : statuses) if (rank(s.state()) < rank(worst)) worst = s.state();
    return worst.equals("skipped") ? "success" : worst;
  }

  private static int rank(String state) {
    return switch (state) {
      case "error" -> 0;
      case "failure" -> 1;
      case "warning" -> 2;
      case "pending" -> 3;
      default -> 4;
    };
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
