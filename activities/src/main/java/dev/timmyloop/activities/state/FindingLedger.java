package dev.timmyloop.activities.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timmyloop.activities.state.StateFileActivities.PendingFinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code findings-pending.json}: findings jobs handed over when they ended, until a cycle files
 * them. Read-modify-write under the state files' lock; bounded, so a forge that refuses every
 * filing cannot grow it without end.
 */
final class FindingLedger {
  /** Pending findings kept at most; the oldest drop off the front. */
  static final int MAX_PENDING = 50;

  /** Bodies are bounded in the workflows already; this only guards the file. */
  static final int MAX_BODY = 8000;

  private final StateStore store;
  private final Path file;

  FindingLedger(StateStore store, Path file) {
    this.store = store;
    this.file = file;
  }

  void add(List<PendingFinding> findings) {
    if (findings == null || findings.isEmpty()) return;
    store.locked(
        () -> {
          ObjectNode root = read();
          ArrayNode all = root.withArrayProperty("findings");
          for (PendingFinding f : findings) {
            if (f == null || f.signature() == null || f.signature().isBlank()) continue;
            remove(all, Set.of(f.signature()));
            String body = f.body() == null ? "" : f.body();
            if (body.length() > MAX_BODY) body = body.substring(body.length() - MAX_BODY);
            all.add(
                store.json.valueToTree(
                    new PendingFinding(f.signature(), f.kind(), f.title(), body)));
          }
          while (all.size() > MAX_PENDING) all.remove(0);
          store.writeJson(file, root);
          return null;
        });
  }

  List<PendingFinding> oldest(int max) {
    return store.locked(
        () -> {
          List<PendingFinding> out = new ArrayList<>();
          for (JsonNode n : read().withArrayProperty("findings")) {
            if (out.size() >= max) break;
            try {
              out.add(store.json.treeToValue(n, PendingFinding.class));
            } catch (JsonProcessingException e) {
              throw new IllegalStateException(e);
            }
          }
          return out;
        });
  }

  void drop(Collection<String> signatures) {
    if (signatures == null || signatures.isEmpty()) return;
    store.locked(
        () -> {
          ObjectNode root = read();
          if (remove(root.withArrayProperty("findings"), new HashSet<>(signatures)))
            store.writeJson(file, root);
          return null;
        });
  }

  private static boolean remove(ArrayNode all, Set<String> signatures) {
    boolean any = false;
    for (Iterator<JsonNode> it = all.iterator(); it.hasNext(); ) {
      if (signatures.contains(it.next().path("signature").asText())) {
        it.remove();
        any = true;
      }
    }
    return any;
  }

  /** Only {@code {"findings": [objects with a signature]}}; anything else is moved aside. */
  private ObjectNode read() {
    return store.readObject(
        file,
        o -> {
          if (!StateStore.onlyArray(o, "findings")) return false;
          for (JsonNode f : o.withArrayProperty("findings")) {
            if (!f.isObject() || !f.path("signature").isTextual()) return false;
          }
          return true;
        });
  }
}
