package dev.timmyloop.activities.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void splitsWordsAndQuotesWithoutExpandingAnything() {
    assertEquals(List.of("tox", "-e", "unit"), CommandLine.split("  tox  -e unit "));
    assertEquals(List.of("pytest", "-k", "a and b"), CommandLine.split("pytest -k 'a and b'"));
    assertEquals(
        List.of("echo", "say \"hi\" \\"), CommandLine.split("echo \"say \\\"hi\\\" \\\\\""));
    assertEquals(
        List.of("a b", "$(rm -rf /)", "$HOME"), CommandLine.split("a\\ b '$(rm -rf /)' $HOME"));
    assertEquals(List.of("x", ""), CommandLine.split("x ''"));
    assertEquals(List.of("--opt=a b"), CommandLine.split("--opt='a b'"));
  }

  @Test
  void unterminatedQuoteIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> CommandLine.split("tox -e 'unit"));
  }
}
