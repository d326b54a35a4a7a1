package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.ForgeRepo.Issue;
import dev.timmyloop.sandbox.ForgeRepo.Pull;
import dev.timmyloop.sandbox.ForgeRepo.ScheduledMerge;
import dev.timmyloop.sandbox.Router.Call;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pull requests: list, create, get, update-branch and merge (the git work is in {@link MergeOps}).
 */
final class PullsApi {
  private PullsApi() {}

  static ForgeResponse list(Call c) {
    ForgeRepo r = c.repo();
    String state = c.req().query().getOrDefault("state", "open").toLowerCase(Locale.ROOT);
    String baseBranch = c.req().query().get("base_branch");
    synchronized (r) {
      Map<String, String> heads = GitOps.heads(r.gitDir);
      List<Issue> all = new ArrayList<>();
      for (Issue i : r.issues.values()) {
        if (i.pull == null) continue;
        if (!state.equals("all") && !i.state.equals(state)) continue;
        if (baseBranch != null && !baseBranch.equals(i.pull.baseRef)) continue;
        all.add(i);
      }
      all.sort(Comparator.comparingLong((Issue i) -> i.number).reversed());
      return Paging.page(
          c.req(), c.forge().baseUrl(), all, i -> c.forge().views().pull(r, i, heads));
    }
  }

  static ForgeResponse create(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    String title = Json.text(body, "title");
    String head = Json.text(body, "head");
    String base = Json.text(body, "base");
    if (title == null || title.isBlank()) throw ForgeError.unprocessable("[Title]: Required");
    if (head == null || base == null) throw ForgeError.unprocessable("[Head Base]: Required");
    if (head.contains(":")) head = head.substring(head.indexOf(':') + 1);
    synchronized (r) {
      Issue i = c.forge().newPull(r, title, Json.text(body, "body"), head, base);
      JsonNode labels = body.get("labels");
      if (labels != null && labels.isArray()) {
        for (JsonNode n : labels) if (r.label(n.asLong()) != null) i.labelIds.add(n.asLong());
      }
      return ForgeResponse.json(201, c.forge().views().pull(r, i, GitOps.heads(r.gitDir)));
    }
  }

  static ForgeResponse get(Call c) {
    ForgeRepo r = c.repo();
    synchronized (r) {
      Issue i = r.pull(c.index("index"));
      return ForgeResponse.json(200, c.forge().views().pull(r, i, GitOps.heads(r.gitDir)));
    }
  }

  /** The open PR from head into base, else the latest closed one. */
  static ForgeResponse byBaseHead(Call c) {
    ForgeRepo r = c.repo();
    String base = c.param("base");
    String head = c.param("head");
    if (head.contains(":")) head = head.substring(head.indexOf(':') + 1);
    synchronized (r) {
      Issue found = null;
      for (Issue i : r.issues.values()) {
        if (i.pull == null || !i.pull.baseRef.equals(base) || !i.pull.headRef.equals(head))
          continue;
        if (found == null || i.open() || !found.open()) found = i;
      }
      if (found == null) throw ForgeError.notFound("pull request");
      return ForgeResponse.json(200, c.forge().views().pull(r, found, GitOps.heads(r.gitDir)));
    }
  }

  static ForgeResponse update(Call c) {
    ForgeRepo r = c.repo();
    String style = c.req().query().getOrDefault("style", "merge");
    if (!style.equals("merge") && !style.equals("rebase")) {
      throw ForgeError.unprocessable("[style]: must be merge or rebase");
    }
    String oldHead;
    String newHead;
    String ref;
    synchronized (r) {
      Issue i = r.pull(c.index("index"));
      Pull p = i.pull;
      if (p.merged || !i.open()) throw ForgeError.unprocessable("the pull request is closed");
      Map<String, String> heads = GitOps.heads(r.gitDir);
      Views.refresh(i, heads);
      if (!heads.containsKey(p.headRef)) throw ForgeError.notFound("head branch");
      MergeOps.Update u = c.forge().merges().update(r, p.headRef, p.headSha, p.baseSha, style);
      if (u.conflict()) throw new ForgeError(409, style + " failed because of conflict");
      oldHead = p.headSha;
      newHead = u.newHead();
      ref = p.headRef;
      p.headSha = newHead;
    }
    if (!newHead.equals(oldHead)) c.forge().refUpdated(r, oldHead, newHead, "refs/heads/" + ref);
    return ForgeResponse.empty(200);
  }

  static ForgeResponse isMerged(Call c) {
    ForgeRepo r = c.repo();
    synchronized (r) {
      if (r.pull(c.index("index")).pull.merged) return ForgeResponse.empty(204);
    }
    throw ForgeError.notFound("merged pull request");
  }

  /** Gitea's order: state checks (405), auto-merge scheduling (201), then head and merge (409). */
  static ForgeResponse merge(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    String style = Json.text(body, "Do", "do");
    if (style == null || style.isBlank()) throw ForgeError.unprocessable("[Do]: Required");
    style = style.toLowerCase(Locale.ROOT);
    if (!List.of(
            "merge", "rebase", "rebase-merge", "squash", "fast-forward-only", "manually-merged")
        .contains(style)) {
      throw ForgeError.unprocessable("[Do]: In");
    }
    ScheduledMerge wanted =
        new ScheduledMerge(
            style,
            Json.text(body, "MergeTitleField", "merge_title_field"),
            Json.text(body, "MergeMessageField", "merge_message_field"),
            Json.bool(body, "delete_branch_after_merge"));
    String headCommitId = Json.text(body, "head_commit_id");
    boolean whenGreen = Json.bool(body, "merge_when_checks_succeed");
    boolean force = Json.bool(body, "force_merge");
    synchronized (r) {
      Issue i = r.pull(c.index("index"));
      Pull p = i.pull;
      if (p.merged) throw new ForgeError(405, "The PR is already merged");
      if (!i.open()) throw ForgeError.notFound("pull request");
      Views.refresh(i, GitOps.heads(r.gitDir));
      if (!c.forge().merges().mergeable(r, p.baseSha, p.headSha)) {
        throw new ForgeError(405, "Please try again later");
      }
      if (!StatusesApi.combinedState(r, p.headSha).equals("success")) {
        if (whenGreen) {
          p.scheduled = wanted;
          return ForgeResponse.empty(201);
        }
        if (!force) throw new ForgeError(405, "Not all required status checks successful");
      }
      if (headCommitId != null && !headCommitId.isEmpty() && !headCommitId.equals(p.headSha)) {
        throw new ForgeError(409, "head out of date");
      }
      if (!MergeOps.SETTINGS.containsValue(style)) {
        throw new ForgeError(
            405, "merge style " + style + " is not supported by the sandbox forge");
      }
      if (!r.mergeStyles.contains(style)) {
        throw new ForgeError(
            405, style + " is not allowed an allowed merge style for this repository");
      }
      c.forge().mergeNow(r, i, wanted);
    }
    return ForgeResponse.empty(200);
  }
}
