package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FormattingTest {
  @Test
  void styleComplaintsAreFormattingOthersAreNot() {
    assertTrue(Formatting.looksLikeStyle("calc/x.py:3: trailing whitespace."));
    assertTrue(Formatting.looksLikeStyle("ruff....Failed\nWould reformat: calc/x.py"));
    assertFalse(
        Formatting.looksLikeStyle("SyntaxError: invalid syntax (broken_helper.py, line 1)"));
    assertFalse(Formatting.looksLikeStyle(null));
  }
}
