package dev.timmyloop.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line when an activity starts and one when it ends, each naming the workflow it serves, so
 * the worker log reads like the Temporal UI. The workflow id is also put in the MDC for the
 * activity's own lines (the JSON format carries it as {@code mdc.workflowId}).
 *
 * <p>Only names, ids, attempts and failure types are logged; arguments and results are not, because
 * they may carry untrusted issue text or long outputs.
 */
public final class ActivityLogging extends WorkerInterceptorBase {
  static final String LOGGER = "dev.timmyloop.activity";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new Inbound(next);
  }

  private static final class Inbound extends ActivityInboundCallsInterceptorBase {
    private ActivityInfo info;

    Inbound(ActivityInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(ActivityExecutionContext context) {
      info = context.getInfo();
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      String name = info.getActivityType();
      String workflowId = info.getWorkflowId();
      MDC.put("workflowId", workflowId);
      MDC.put("activity", name);
      long started = System.nanoTime();
      log.info("activity {} started in {} (attempt {})", name, workflowId, info.getAttempt());
      try {
        ActivityOutput output = super.execute(input);
        log.info("activity {} done in {} after {} ms", name, workflowId, millisSince(started));
        return output;
      } catch (RuntimeException | Error e) {
        log.info(
            "activity {} failed in {} after {} ms (attempt {}): {}",
            name,
            workflowId,
            millisSince(started),
            info.getAttempt(),
            reason(e));
        throw e;
      } finally {
        MDC.remove("workflowId");
        MDC.remove("activity");
      }
    }
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** The failure type, not the message: messages are already in the UI and may be long. */
  static String reason(Throwable e) {
    if (e instanceof ApplicationFailure failure) {
      return failure.getType() + (failure.isNonRetryable() ? " (not retried)" : "");
    }
    return e.getClass().getSimpleName();
  }
}
