package dev.timmyloop.activities.git;

import dev.timmyloop.activities.gitea.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The last guard before a commit: no staged file may hold the Gitea token. The sandbox keeps the
 * token file from agents, but an agent run without it (agentSandbox none, a custom command) could
 * copy it into the worktree, and the loop would push it.
 */
final class SecretScan {
  /** Larger files are not read: a token pasted by an agent sits in a source or text file. */
  static final long MAX_BYTES = 20L * 1024 * 1024;

  private SecretScan() {}

  /**
   * @param staged the staged paths, relative to {@code dir}
   * @return the first staged file holding the token, if any; never the token itself
   */
  static Optional<String> fileHoldingToken(Path dir, List<String> staged, Path tokenFile) {
    byte[] token = Tokens.readOrEmpty(tokenFile).getBytes(StandardCharsets.UTF_8);
    if (token.length == 0) return Optional.empty();
    for (String name : staged) {
      if (name.isEmpty()) continue;
      Path file = dir.resolve(name);
      try {
        if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) continue;
        if (contains(Files.readAllBytes(file), token)) return Optional.of(name);
      } catch (IOException e) {
        // A file that vanished or cannot be read is not committed from here either.
      }
    }
    return Optional.empty();
  }

  static boolean contains(byte[] text, byte[] word) {
    outer:
    for (int i = 0; i + word.length <= text.length; i++) {
      for (int j = 0; j < word.length; j++) {
        if (text[i + j] != word[j]) continue outer;
      }
      return true;
    }
    return false;
  }
}
