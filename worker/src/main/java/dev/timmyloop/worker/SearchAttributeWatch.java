package dev.timmyloop.worker;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the workflows may set the {@code Timmy*} search attributes, as {@code
 * Settings.settings()} answers it at the start of every cycle (and of every merge queue run). The
 * worker decides at start; when they were missing then, this asks the server again (one {@code
 * ListSearchAttributes}, at most every {@link #RECHECK}), so a worker started before the attributes
 * were created picks them up without a restart, and says so once. Found once, they stay found. The
 * answer travels to the workflows as an activity result, recorded in their history: replay stays
 * deterministic.
 */
final class SearchAttributeWatch implements BooleanSupplier {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeWatch.class);
  static final Duration RECHECK = Duration.ofSeconds(30);

  private final String namespace;
  private final BooleanSupplier probe;
  private final LongSupplier nanoClock;
  private volatile boolean found;
  private long nextCheck;

  /**
   * @param foundAtStart what the worker found at start
   * @param probe asks the server, quietly (no log line); true when every attribute exists
   */
  SearchAttributeWatch(
      String namespace, boolean foundAtStart, BooleanSupplier probe, LongSupplier nanoClock) {
    this.namespace = namespace;
    this.found = foundAtStart;
    this.probe = probe;
    this.nanoClock = nanoClock;
    this.nextCheck = nanoClock.getAsLong();
  }

  @Override
  public boolean getAsBoolean() {
    if (found) return true;
    synchronized (this) {
      if (found) return true;
      long now = nanoClock.getAsLong();
      if (now - nextCheck < 0) return false;
      nextCheck = now + RECHECK.toNanos();
      boolean there;
      try {
        there = probe.getAsBoolean();
      } catch (RuntimeException e) {
        there = false; // the server is away; ask again later
      }
      if (there) {
        found = true;
        log.info(
            "search attributes found on namespace {}: workflows set them from now on (no restart needed)",
            namespace);
      }
      return found;
    }
  }
}
