package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.ForgeRepo.Comment;
import dev.timmyloop.sandbox.ForgeRepo.Issue;
import dev.timmyloop.sandbox.ForgeRepo.Label;
import dev.timmyloop.sandbox.Router.Call;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Issues, comments and labels. Issues and PRs share one index, and both are listed here. */
final class IssuesApi {
  private IssuesApi() {}

  static ForgeResponse list(Call c) {
    ForgeRepo r = c.repo();
    String state = c.req().query().getOrDefault("state", "open").toLowerCase(Locale.ROOT);
    String type = c.req().query().getOrDefault("type", "");
    String labelQuery = c.req().query().getOrDefault("labels", "");
    Set<String> wanted =
        Arrays.stream(labelQuery.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    synchronized (r) {
      List<Issue> all = new ArrayList<>();
      for (Issue i : r.issues.values()) {
        if (!state.equals("all") && !i.state.equals(state)) continue;
        if (type.equals("issues") && i.pull != null) continue;
        if (type.equals("pulls") && i.pull == null) continue;
        if (!labelNames(r, i).containsAll(wanted)) continue;
        all.add(i);
      }
      all.sort(Comparator.comparingLong((Issue i) -> i.number).reversed());
      return Paging.page(c.req(), c.forge().baseUrl(), all, i -> c.forge().views().issue(r, i));
    }
  }

  static ForgeResponse create(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    String title = Json.text(body, "title");
    if (title == null || title.isBlank()) throw ForgeError.unprocessable("[Title]: Required");
    synchronized (r) {
      Issue i = c.forge().newIssue(r, title, Json.text(body, "body"));
      addLabels(r, i, body.get("labels"), false);
      if (Json.bool(body, "closed")) close(i);
      return ForgeResponse.json(201, c.forge().views().issue(r, i));
    }
  }

  static ForgeResponse get(Call c) {
    return show(c, Views::issue);
  }

  static ForgeResponse issueLabels(Call c) {
    return show(c, Views::labels);
  }

  private interface IssueView {
    Object of(Views v, ForgeRepo r, Issue i);
  }

  /** The issue named by the path, as {@code view} shows it. */
  private static ForgeResponse show(Call c, IssueView view) {
    ForgeRepo r = c.repo();
    synchronized (r) {
      return ForgeResponse.json(200, view.of(c.forge().views(), r, r.issue(c.index("index"))));
    }
  }

  static ForgeResponse edit(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    synchronized (r) {
      Issue i = r.issue(c.index("index"));
      String title = Json.text(body, "title");
      if (title != null) {
        if (title.isBlank()) throw ForgeError.unprocessable("[Title]: Required");
        i.title = title;
      }
      String text = Json.text(body, "body");
      if (text != null) i.body = text;
      String state = Json.text(body, "state");
      if (state != null) {
        if (state.equals("closed")) {
          close(i);
        } else if (state.equals("open")) {
          if (i.pull != null && i.pull.merged)
            throw new ForgeError(422, "a merged PR cannot be reopened");
          i.state = "open";
          i.closedAt = null;
        } else {
          throw ForgeError.unprocessable("[State]: must be open or closed");
        }
      }
      i.updatedAt = Instant.now();
      return ForgeResponse.json(201, c.forge().views().issue(r, i));
    }
  }

  static void close(Issue i) {
    if (!i.open()) return;
    i.state = "closed";
    i.closedAt = Instant.now();
    i.updatedAt = i.closedAt;
  }

  static ForgeResponse comments(Call c) {
    ForgeRepo r = c.repo();
    synchronized (r) {
      Issue i = r.issue(c.index("index"));
      List<Comment> list = r.comments.getOrDefault(i.number, List.of());
      var arr = Json.arr();
      list.forEach(cm -> arr.add(c.forge().views().comment(r, i, cm)));
      // Gitea does not page this list (the spec has no page/limit) but does send the total.
      return ForgeResponse.json(200, arr)
          .withHeader("X-Total-Count", Integer.toString(list.size()));
    }
  }

  static ForgeResponse addComment(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    String text = Json.text(body, "body");
    if (text == null || text.isEmpty()) throw ForgeError.unprocessable("[Body]: Required");
    synchronized (r) {
      Issue i = r.issue(c.index("index"));
      Comment cm =
          new Comment(c.forge().nextId(), i.number, text, SandboxForge.USER, Instant.now());
      r.comments.computeIfAbsent(i.number, k -> new ArrayList<>()).add(cm);
      i.updatedAt = cm.createdAt();
      return ForgeResponse.json(201, c.forge().views().comment(r, i, cm));
    }
  }

  static ForgeResponse repoLabels(Call c) {
    ForgeRepo r = c.repo();
    synchronized (r) {
      return Paging.page(
          c.req(),
          c.forge().baseUrl(),
          new ArrayList<>(r.labels),
          l -> c.forge().views().label(r, l));
    }
  }

  static ForgeResponse createLabel(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    String name = Json.text(body, "name");
    if (name == null || name.isBlank()) throw ForgeError.unprocessable("[Name]: Required");
    String color = Json.text(body, "color");
    color = color == null ? "" : color.replaceFirst("^#", "").toLowerCase(Locale.ROOT);
    if (!color.matches("[0-9a-f]{6}")) throw ForgeError.unprocessable("[Color]: invalid color");
    String description = Json.text(body, "description");
    synchronized (r) {
      Label l = new Label(c.forge().nextId(), name, color, description == null ? "" : description);
      r.labels.add(l);
      return ForgeResponse.json(201, c.forge().views().label(r, l));
    }
  }

  static ForgeResponse addIssueLabels(Call c) {
    ForgeRepo r = c.repo();
    JsonNode body = c.req().jsonObject();
    synchronized (r) {
      Issue i = r.issue(c.index("index"));
      addLabels(r, i, body.get("labels"), true);
      i.updatedAt = Instant.now();
      return ForgeResponse.json(200, c.forge().views().labels(r, i));
    }
  }

  static ForgeResponse removeIssueLabel(Call c) {
    ForgeRepo r = c.repo();
    synchronized (r) {
      Issue i = r.issue(c.index("index"));
      Label l = r.label(c.index("id"));
      if (l == null) throw ForgeError.unprocessable("label not found");
      i.labelIds.remove(l.id());
      i.updatedAt = Instant.now();
      return ForgeResponse.empty(204);
    }
  }

  /** Label ids (and, where Gitea allows it, names); unknown ones are skipped as Gitea does. */
  private static void addLabels(ForgeRepo r, Issue i, JsonNode labels, boolean namesAllowed) {
    if (labels == null || labels.isNull()) return;
    if (!labels.isArray()) throw ForgeError.unprocessable("[Labels]: must be an array");
    for (JsonNode n : labels) {
      if (n.isIntegralNumber()) {
        Label l = r.label(n.asLong());
        if (l != null) i.labelIds.add(l.id());
      } else if (n.isTextual() && namesAllowed) {
        r.labels.stream()
            .filter(l -> l.name().equals(n.textValue()))
            .findFirst()
            .ifPresent(l -> i.labelIds.add(l.id()));
      } else {
        throw ForgeError.unprocessable("[Labels]: invalid label " + n);
      }
    }
  }

  private static Set<String> labelNames(ForgeRepo r, Issue i) {
    return i.labelIds.stream()
        .map(r::label)
        .filter(l -> l != null)
        .map(Label::name)
        .collect(Collectors.toSet());
  }
}
