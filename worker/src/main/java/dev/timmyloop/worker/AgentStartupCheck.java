package dev.timmyloop.worker;

import dev.timmyloop.activities.agent.AgentDoctor;
import dev.timmyloop.config.TimmyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doctor's question, asked once when the worker starts so an installation error shows in its
 * log at once. The worker starts anyway: each cycle asks again and fails with the same message, and
 * a CLI installed later is found without a restart.
 */
final class AgentStartupCheck {
  private static final Logger log = LoggerFactory.getLogger(AgentStartupCheck.class);

  private AgentStartupCheck() {}

  /**
   * Logs each line that is not ok; returns the readiness line's {@code agent claude, sandbox
   * bwrap}.
   */
  static String run(TimmyConfig config, Map<String, String> env) {
    try {
      AgentDoctor doctor = new AgentDoctor(config, env);
      AgentDoctor.Report report = doctor.check("");
      List<String> notOk = new ArrayList<>(report.toCheck().problems());
      AgentDoctor.Line tests = doctor.tests();
      if (!tests.ok()) notOk.add(tests.render(AgentDoctor.HOST));
      notOk.forEach(line -> log.warn("{}", line));
      if (report.usable()) {
        log.info(
            "agent {} can run here ({}), sandbox {}",
            report.agent(),
            report.version().isEmpty() ? "version not asked" : report.version(),
            report.sandbox());
      } else {
        log.info(
            "agent {} cannot run here: cycles fail until it is fixed (./timmy doctor)",
            report.agent());
      }
      return "agent " + report.agent() + ", sandbox " + report.sandbox();
    } catch (RuntimeException e) {
      // The check must never keep the worker from serving the other workflows.
      log.warn("agent check at start failed: {}", e.toString());
      return "agent " + config.agent() + ", sandbox unknown";
    }
  }
}
