package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.gitea.GiteaActivities.FindingIssue;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.NewFinding;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files a finding once per signature, found by its hidden marker among open and closed issues. */
final class FindingFiler {
  private static final Logger log = LoggerFactory.getLogger(FindingFiler.class);
  static final String LABEL = "loop-generated";

  private FindingFiler() {}

  static String marker(String signature) {
    return "<!-- timmy-finding: " + signature.replaceAll("[^A-Za-z0-9._:-]", "") + " -->";
  }

  static FindingIssue file(GiteaClient client, NewFinding f, Supplier<List<Long>> labelIds) {
    String marker = marker(f.signature());
    long closed = 0;
    // Searching also finds an issue an earlier attempt of this activity filed: a retry files
    // nothing.
    // Paging stops at the page holding the open issue (a finding reported again each cycle); an
    // unseen or closed-only signature still needs every page to be sure none is open.
    for (Issue i :
        client.issuesWithLabel(LABEL, read -> read.stream().anyMatch(x -> openWith(x, marker)))) {
      if (!i.body().contains(marker)) continue;
      if ("open".equals(i.state())) {
        log.info("finding {} is already open as #{}", f.signature(), i.number());
        return new FindingIssue(i.number(), false);
      }
      closed = Math.max(closed, i.number());
    }
    String body =
        neutralize(f.body())
            + (closed > 0 ? "\n\nSeen before in #" + closed + " (closed).\n" : "")
            + "\n"
            + marker
            + "\n";
    Issue created = client.createIssue(f.title(), body, labelIds.get());
    log.info("filed finding {} as #{}", f.signature(), created.number());
    return new FindingIssue(created.number(), true);
  }

  private static boolean openWith(Issue i, String marker) {
    return "open".equals(i.state()) && i.body().contains(marker);
  }

  /** No text posing as another finding's marker (the client redacts the token). */
  private static String neutralize(String body) {
    return body == null ? "" : body.replace("<!--", "<!-\u200b-");
  }
}
