package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }

  @AfterEach
  void backToText() {
    Logging.configure("text");
  }

  @Test
  void jsonFormatSwitchesTheRootAppender() {
    Logging.configure("json");
    assertNotNull(root().getAppender("json"));
    assertNull(root().getAppender("text"));
  }

  @Test
  void textIsTheDefault() {
    Logging.configure("text");
    assertNotNull(root().getAppender("text"));
  }
}
