package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A worker started before the search attributes exist picks them up at a later cycle start. */
class SearchAttributeWatchTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicInteger probes = new AtomicInteger();
  private final AtomicBoolean onServer = new AtomicBoolean();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SearchAttributeWatch.class);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  private SearchAttributeWatch watch(boolean atStart) {
    return new SearchAttributeWatch(
        "default",
        atStart,
        () -> {
          probes.incrementAndGet();
          return onServer.get();
        },
        clock::get);
  }

  @Test
  void foundAtStartNeverAsksAgain() {
    SearchAttributeWatch w = watch(true);
    for (int i = 0; i < 5; i++) assertTrue(w.getAsBoolean());
    assertEquals(0, probes.get());
    assertTrue(lines.list.isEmpty());
  }

  @Test
  void missingAtStartIsFoundLaterAndSaidOnce() {
    SearchAttributeWatch w = watch(false);
    assertFalse(w.getAsBoolean()); // the first cycle asks
    assertFalse(w.getAsBoolean()); // a second call at once does not
    assertEquals(1, probes.get());

    onServer.set(true); // someone ran `temporal operator search-attribute create …`
    clock.addAndGet(SearchAttributeWatch.RECHECK.toNanos() - 1);
    assertFalse(w.getAsBoolean());
    assertEquals(1, probes.get());
    clock.addAndGet(1);
    assertTrue(w.getAsBoolean());
    assertEquals(2, probes.get());

    clock.addAndGet(SearchAttributeWatch.RECHECK.toNanos() * 10);
    for (int i = 0; i < 5; i++) assertTrue(w.getAsBoolean());
    assertEquals(2, probes.get());
    assertEquals(1, lines.list.size());
    assertTrue(
        lines
            .list
            .get(0)
            .getFormattedMessage()
            .startsWith("search attributes found on namespace default"));
  }

  @Test
  void aServerThatIsAwayCountsAsMissing() {
    SearchAttributeWatch w =
        new SearchAttributeWatch(
            "default",
            false,
            () -> {
              throw new IllegalStateException("UNAVAILABLE");
            },
            clock::get);
    assertFalse(w.getAsBoolean());
    clock.addAndGet(SearchAttributeWatch.RECHECK.toNanos());
    assertFalse(w.getAsBoolean());
    assertTrue(lines.list.isEmpty());
  }
}
