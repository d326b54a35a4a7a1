package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.activities.state.StateFileActivities.ClaimOutcome;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.support.Hosts;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Phase 4: dispatch — claim the best issue for each idle pane and start its {@code IssueJob}. */
public class DispatchImpl implements Dispatch {
  @Override
  public DispatchReport dispatch(DispatchInput input) {
    return TimmyAttributes.failedPhase(() -> dispatchBody(input));
  }

  private DispatchReport dispatchBody(DispatchInput input) {
    // Started on its own (ops assign), the dispatch claims in its own name, not a cycle's.
    String cycleId =
        Workflow.getInfo().getParentWorkflowId().orElse(Workflow.getInfo().getWorkflowId());
    List<Assignment> assignments = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Iterator<IssueRef> queue = input.ranked().iterator();
    int slots = Math.min(input.maxDispatch(), input.idlePanes().size());
    for (String pane : input.idlePanes().subList(0, Math.max(0, slots))) {
      while (queue.hasNext()) {
        IssueRef issue = queue.next();
        if (input.dryRun()) {
          assignments.add(new Assignment(pane, issue.number(), issue.title(), "(dry run)"));
          break;
        }
        Holder owner = Hosts.holder(cycleId, pane);
        StateFileActivities state = Stubs.home(input.settings()).state("claim #" + issue.number());
        ClaimOutcome claim =
            state.claim(
                new ClaimRequest(issue.number(), owner, input.settings().claimTtlSeconds()));
        if (claim.status() == ClaimStatus.HELD_BY_OTHER) {
          skipped.add("#" + issue.number() + " is claimed by " + claim.claim().holder());
          continue;
        }
        if (start(input, issue, pane, owner)) {
          assignments.add(
              new Assignment(
                  pane, issue.number(), issue.title(), IssueJob.workflowId(issue.number())));
          LoopMetrics.count(LoopMetrics.ISSUES_DISPATCHED);
          break;
        }
        Stubs.home(input.settings())
            .state("release #" + issue.number())
            .release(new Release(issue.number(), owner));
        skipped.add("#" + issue.number() + " already has a running job");
      }
    }
    String summary =
        assignments.isEmpty()
            ? "nothing dispatched ("
                + input.idlePanes().size()
                + " idle panes, "
                + input.ranked().size()
                + " unclaimed issues)"
            : "dispatched "
                + assignments.stream().map(a -> "#" + a.issue() + "→" + a.pane()).toList();
    return new DispatchReport(assignments, skipped, summary);
  }

  /** Starts the job as a child that outlives this phase and the cycle; false if it already runs. */
  private boolean start(DispatchInput input, IssueRef issue, String pane, Holder owner) {
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(IssueJob.workflowId(issue.number()))
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            // One id per issue: a later cycle may try the same issue again after a failed run.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary("#" + issue.number() + " " + issue.title() + " on " + pane);
    TimmyAttributes.job(options, input.settings(), input.cycle(), issue.number(), pane);
    IssueJob job = Workflow.newChildWorkflowStub(IssueJob.class, options.build());
    Async.function(
        job::run,
        new IssueJobInput(
            input.cycle(), issue.number(), issue.title(), owner, input.settings(), input.agent()));
    try {
      Workflow.getWorkflowExecution(job).get();
      return true;
    } catch (ChildWorkflowFailure e) {
      return false;
    }
  }
}
