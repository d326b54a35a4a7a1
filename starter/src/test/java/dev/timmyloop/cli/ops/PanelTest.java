package dev.timmyloop.cli.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel against the demo world: real forge, real tmux, an embedded Temporal. */
class PanelTest {
  @TempDir Path root;

  @Test
  void showsTheFiveSectionsWithTheDemoWorld() throws Exception {
    try (OpsWorld world = OpsWorld.create(root)) {
      new TmuxActivitiesImpl(world.config).ensureSession();
      // Two things to warn about: a claim that ran out an hour ago and a PR parked for a person.
      Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC);
      new StateFileActivitiesImpl(world.config, past)
          .claim(
              new ClaimRequest(
                  world.demo.issues().get(2), new Holder("timmy-cycle-7", "", "Kimi:0.1"), 7200));
      GiteaClient forge = new GiteaClient(GiteaActivitiesImpl.optionsFrom(world.config));
      long parked = forge.createLabel("needs-human", "#ff0000");
      forge.addLabels(world.demo.stalePr(), List.of(parked));
      PanelReader reader = new PanelReader(world.config, Clock.systemUTC());
      reader.read(); // warms up class loading and connections; the second read is the one timed
      long start = System.nanoTime();
      Panel panel = reader.read();
      long millis = (System.nanoTime() - start) / 1_000_000;
      StringWriter text = new StringWriter();
      panel.print(new PrintWriter(text), "timmy ops panel");
      String screen = text.toString();
      System.out.println(screen);
      System.out.println("panel read in " + millis + " ms");

      for (String heading : Panel.HEADINGS)
        assertTrue(screen.contains("\n" + heading + "\n"), heading);
      assertTrue(screen.contains("temporal  " + world.config.temporalAddress() + "  up"), screen);
      assertTrue(screen.contains("unknown (embedded server)"), screen);
      assertTrue(screen.contains("timmy-loop not running"), screen);
      assertTrue(screen.contains("up, token ok"), screen);
      assertTrue(screen.contains("session Kimi  present"), screen);
      assertTrue(screen.contains("Kimi:0.2  idle"), screen);
      for (long issue : world.demo.issues()) {
        assertTrue(panel.queue().stream().anyMatch(l -> l.startsWith("#" + issue + " ")), screen);
      }
      assertTrue(
          screen.contains(
              "expired claim #" + world.demo.issues().get(2) + " by timmy-cycle-7 on Kimi:0.1"),
          screen);
      assertTrue(screen.contains("parked PR #" + world.demo.stalePr() + " (needs-human)"), screen);
      assertTrue(
          panel.pulls().stream().anyMatch(l -> l.startsWith("#" + world.demo.stalePr() + " ")),
          screen);
      assertTrue(
          screen.contains(
              "expired claim #" + world.demo.issues().get(2) + " by timmy-cycle-7 on Kimi:0.1"),
          screen);
      assertTrue(screen.contains("parked PR #" + world.demo.stalePr() + " (needs-human)"), screen);
      assertTrue(
          panel.pulls().stream()
              .anyMatch(l -> l.startsWith("#" + world.demo.failingPr()) && l.contains("failure")),
          screen);
    }
  }

  @Test
  void aRejectedTokenAndAMissingSessionAreSaidPlainly() throws Exception {
    try (OpsWorld world = OpsWorld.create(root)) {
      java.nio.file.Files.writeString(world.config.giteaTokenFile(), "not-the-token\n");
      Panel panel = new PanelReader(world.config, Clock.systemUTC()).read();
      String services = String.join("\n", panel.services());
      assertTrue(services.contains("401: token rejected"), services);
      assertTrue(services.contains("MISSING"), services);
      assertTrue(!services.contains("not-the-token"), services);
    }
  }
}
