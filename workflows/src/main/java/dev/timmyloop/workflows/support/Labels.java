package dev.timmyloop.workflows.support;

/** Labels the loop writes and reads back: the writer and every reader must agree on the name. */
public final class Labels {
  private Labels() {}

  /** Parks an issue or PR: the loop stops working on it until a person removes the label. */
  public static final String NEEDS_HUMAN = "needs-human";
}
