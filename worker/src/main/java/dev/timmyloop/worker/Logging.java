package dev.timmyloop.worker;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Switches logback between its one-line text format and one JSON object per line ({@code
 * logFormat}).
 */
public final class Logging {
  private Logging() {}

  public static void configure(String logFormat) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    URL xml = Logging.class.getResource("/logback.xml");
    if (xml == null) return;
    context.reset();
    context.putProperty("timmy.logFormat", "json".equals(logFormat) ? "json" : "text");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(xml);
    } catch (JoranException e) {
      throw new IllegalStateException("logback.xml is broken", e);
    }
  }

  /**
   * Turns the per-activity start and end lines ({@link ActivityLogging}) on or off; the demo turns
   * them off unless asked, so its table is not buried.
   */
  public static void activityLines(boolean on) {
    if (LoggerFactory.getLogger(ActivityLogging.LOGGER)
        instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(on ? null : ch.qos.logback.classic.Level.WARN);
    }
  }
}
