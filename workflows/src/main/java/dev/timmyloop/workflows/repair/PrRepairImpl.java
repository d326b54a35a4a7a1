package dev.timmyloop.workflows.repair;

/** Placeholder until the implementation lands (this session). */
public class PrRepairImpl implements PrRepair {
  @Override
  public RepairResult repair(RepairInput input) {
    throw new UnsupportedOperationException("not yet");
  }
}
