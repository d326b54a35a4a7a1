package dev.timmyloop.cli;

import dev.timmyloop.config.ConfigException;
import dev.timmyloop.worker.StartupFailure;
import dev.timmyloop.worker.TemporalUnreachableException;
import dev.timmyloop.worker.world.CliFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place a failure becomes a line on stderr and an exit code; stack traces only with
 * --verbose.
 */
public final class FailureHandler implements IExecutionExceptionHandler {

  record Failure(int exitCode, String line) {}

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    Failure failure = classify(ex);
    PrintWriter err = cmd.getErr();
    err.println(failure.line());
    if (verbose(parsed)) ex.printStackTrace(err);
    err.flush();
    return failure.exitCode();
  }

  static Failure classify(Throwable ex) {
    if (ex instanceof ConfigException) {
      return new Failure(ExitCodes.CONFIG, "config error: " + ex.getMessage());
    }
    if (ex instanceof TemporalUnreachableException) {
      return new Failure(ExitCodes.UNREACHABLE, ex.getMessage());
    }
    if (ex instanceof CliFailure c) return new Failure(c.exitCode(), ex.getMessage());
    if (ex instanceof StartupFailure) return new Failure(ExitCodes.FAILURE, ex.getMessage());
    if (ex instanceof WorkflowFailedException wf) {
      return new Failure(
          ExitCodes.FAILURE,
          "workflow " + wf.getExecution().getWorkflowId() + " failed: " + rootMessage(wf));
    }
    Optional<Status.Code> lost =
        grpcCode(ex, Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
    if (lost.isPresent()) return new Failure(ExitCodes.UNREACHABLE, "lost Temporal: " + lost.get());
    return new Failure(ExitCodes.FAILURE, "error: " + ex + " (--verbose shows where)");
  }

  /** The first gRPC status among {@code ex} and its causes, when it has one of {@code codes}. */
  static Optional<Status.Code> grpcCode(Throwable ex, Status.Code... codes) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && List.of(codes).contains(s.getStatus().getCode()))
        return Optional.of(s.getStatus().getCode());
    }
    return Optional.empty();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) root = root.getCause();
    return String.valueOf(root.getMessage());
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) return true;
    }
    return false;
  }
}
