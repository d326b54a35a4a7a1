package dev.timmyloop.activities.state;

import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.nio.file.Path;
import java.util.Map;

/** A second worker process: claims issues {@code from..to-1} in the given state directory. */
public final class ClaimHammer {
  public static void main(String[] args) {
    TimmyConfig config = config(Path.of(args[0]));
    StateFileActivitiesImpl state = new StateFileActivitiesImpl(config);
    for (long i = Long.parseLong(args[2]); i < Long.parseLong(args[3]); i++) {
      state.claim(new ClaimRequest(i, StateFileActivities.Holder.byHand(args[1]), 3600));
    }
  }

  static TimmyConfig config(Path root) {
    return ConfigLoader.load(
        Map.of(
            "HOME", root.toString(),
            "TIMMY_REPO_PATH", root.toString(),
            "TIMMY_STATE_DIR", root.resolve(".loop").toString(),
            "TIMMY_CORRESPONDENCE_FILE", root.resolve("workspace/correspondence.md").toString()),
        null);
  }
}
