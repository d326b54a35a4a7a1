package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timmyloop.sandbox.ForgeRepo.Comment;
import dev.timmyloop.sandbox.ForgeRepo.Issue;
import dev.timmyloop.sandbox.ForgeRepo.Label;
import dev.timmyloop.sandbox.ForgeRepo.Pull;
import dev.timmyloop.sandbox.ForgeRepo.Status;
import java.util.List;
import java.util.Map;

/** JSON views with Gitea's field names (snake_case, as in swagger.v1.json's definitions). */
final class Views {
  private final String baseUrl;
  private final MergeOps merges;

  Views(String baseUrl, MergeOps merges) {
    this.baseUrl = baseUrl;
    this.merges = merges;
  }

  String repoHtml(ForgeRepo r) {
    return baseUrl + "/" + r.owner + "/" + r.name;
  }

  String apiRepo(ForgeRepo r) {
    return baseUrl + "/api/v1/repos/" + r.owner + "/" + r.name;
  }

  ObjectNode user(String login) {
    ObjectNode u = Json.obj();
    u.put("id", Math.abs((long) login.hashCode()) % 100000 + 1).put("login", login);
    u.put("login_name", "").put("full_name", login).put("email", login + "@sandbox.invalid");
    u.put("avatar_url", baseUrl + "/avatars/" + login).put("html_url", baseUrl + "/" + login);
    return u;
  }

  ObjectNode repository(ForgeRepo r, boolean empty) {
    ObjectNode o = Json.obj();
    o.put("id", r.id);
    o.set("owner", user(r.owner));
    o.put("name", r.name).put("full_name", r.fullName()).put("description", "").put("empty", empty);
    o.put("private", false).put("fork", false).put("html_url", repoHtml(r)).put("url", apiRepo(r));
    o.put("clone_url", repoHtml(r) + ".git").put("default_branch", r.defaultBranch);
    o.put("has_issues", true).put("has_pull_requests", true).put("has_actions", true);
    MergeOps.SETTINGS.forEach((field, style) -> o.put(field, r.mergeStyles.contains(style)));
    o.put("allow_rebase_update", true).put("default_merge_style", "squash");
    o.put(
        "open_issues_count",
        r.issues.values().stream().filter(i -> i.pull == null && i.open()).count());
    o.put(
        "open_pr_counter",
        r.issues.values().stream().filter(i -> i.pull != null && i.open()).count());
    return o;
  }

  ObjectNode label(ForgeRepo r, Label l) {
    ObjectNode o = Json.obj();
    o.put("id", l.id()).put("name", l.name()).put("exclusive", false).put("is_archived", false);
    o.put("color", l.color()).put("description", l.description());
    o.put("url", apiRepo(r) + "/labels/" + l.id());
    return o;
  }

  ArrayNode labels(ForgeRepo r, Issue i) {
    ArrayNode a = Json.arr();
    for (long id : i.labelIds) {
      Label l = r.label(id);
      if (l != null) a.add(label(r, l));
    }
    return a;
  }

  String issueHtml(ForgeRepo r, Issue i) {
    return repoHtml(r) + (i.pull == null ? "/issues/" : "/pulls/") + i.number;
  }

  ObjectNode issue(ForgeRepo r, Issue i) {
    ObjectNode o = Json.obj();
    o.put("id", i.id).put("url", apiRepo(r) + "/issues/" + i.number);
    o.put("html_url", issueHtml(r, i));
    shared(o, r, i);
    o.put("original_author", "").put("original_author_id", 0).put("ref", "");
    if (i.pull == null) {
      o.putNull("pull_request");
    } else {
      ObjectNode meta = o.putObject("pull_request");
      meta.put("merged", i.pull.merged).put("merged_at", Json.time(i.pull.mergedAt));
      meta.put("draft", false).put("html_url", issueHtml(r, i));
    }
    ObjectNode repo = o.putObject("repository");
    repo.put("id", r.id).put("name", r.name).put("owner", r.owner).put("full_name", r.fullName());
    return o;
  }

  /** A PR, with the head sha live from the branch while open and mergeable computed by git. */
  ObjectNode pull(ForgeRepo r, Issue i, Map<String, String> heads) {
    Pull p = i.pull;
    refresh(i, heads);
    ObjectNode o = Json.obj();
    o.put("id", p.id).put("url", apiRepo(r) + "/pulls/" + i.number);
    shared(o, r, i);
    o.put("html_url", issueHtml(r, i)).put("diff_url", issueHtml(r, i) + ".diff");
    o.put("patch_url", issueHtml(r, i) + ".patch").put("draft", false);
    boolean open = i.open() && !p.merged;
    o.put("mergeable", open && merges.mergeable(r, p.baseSha, p.headSha)).put("merged", p.merged);
    o.put("merged_at", Json.time(p.mergedAt)).put("merge_commit_sha", p.mergeCommitSha);
    if (p.merged) o.set("merged_by", user(i.user));
    else o.putNull("merged_by");
    o.set("base", branch(r, p.baseRef, p.baseSha));
    o.set("head", branch(r, p.headRef, p.headSha));
    return o;
  }

  /** The fields an issue and a PR share. */
  private void shared(ObjectNode o, ForgeRepo r, Issue i) {
    o.put("number", i.number);
    o.set("user", user(i.user));
    o.put("title", i.title).put("body", i.body);
    o.set("labels", labels(r, i));
    o.putNull("milestone").putNull("assignee").putNull("assignees").put("state", i.state);
    o.put("is_locked", false).put("comments", r.comments.getOrDefault(i.number, List.of()).size());
    o.put("created_at", Json.time(i.createdAt)).put("updated_at", Json.time(i.updatedAt));
    o.put("closed_at", Json.time(i.closedAt)).putNull("due_date");
  }

  /** Open PRs follow their branches; closed ones keep the shas they had. */
  static void refresh(Issue i, Map<String, String> heads) {
    Pull p = i.pull;
    if (!i.open() || p.merged) return;
    String head = heads.get(p.headRef);
    if (head != null) p.headSha = head;
    String base = heads.get(p.baseRef);
    if (base != null) p.baseSha = base;
  }

  private ObjectNode branch(ForgeRepo r, String ref, String sha) {
    ObjectNode b = Json.obj();
    b.put("label", ref).put("ref", ref).put("sha", sha).put("repo_id", r.id);
    b.set("repo", repository(r, false));
    return b;
  }

  ObjectNode comment(ForgeRepo r, Issue i, Comment c) {
    ObjectNode o = Json.obj();
    o.put("id", c.id()).put("html_url", issueHtml(r, i) + "#issuecomment-" + c.id());
    o.put("pull_request_url", i.pull == null ? "" : issueHtml(r, i));
    o.put("issue_url", i.pull == null ? issueHtml(r, i) : "");
    o.set("user", user(c.user()));
    o.put("original_author", "").put("original_author_id", 0).put("body", c.body());
    o.set("assets", Json.arr());
    o.put("created_at", Json.time(c.createdAt())).put("updated_at", Json.time(c.createdAt()));
    return o;
  }

  ObjectNode status(ForgeRepo r, Status s) {
    ObjectNode o = Json.obj();
    o.put("id", s.id()).put("status", s.state()).put("target_url", s.targetUrl());
    o.put("description", s.description()).put("url", apiRepo(r) + "/statuses/" + s.sha());
    o.put("context", s.context());
    o.set("creator", user(s.creator()));
    o.put("created_at", Json.time(s.createdAt())).put("updated_at", Json.time(s.createdAt()));
    return o;
  }
}
