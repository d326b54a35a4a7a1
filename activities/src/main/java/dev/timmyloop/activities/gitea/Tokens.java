package dev.timmyloop.activities.gitea;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Where the token comes from, and the checks that keep it out of every message. */
public final class Tokens {
  private Tokens() {}

  /**
   * The token in {@code file}, stripped; read on every call, so a rotated token is used at once.
   */
  public static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  /** The token, or empty when there is no readable one (nothing to look for). */
  public static String readOrEmpty(Path file) {
    if (file == null) return "";
    try {
      return read(file);
    } catch (IOException | RuntimeException e) {
      return ""; // never logged: the message may quote the file
    }
  }

  /** {@link #read} as a supplier; problems name the file, never its content. */
  static Supplier<String> fromFile(Path file) {
    return () -> {
      if (file == null) throw GiteaException.badToken("Gitea token file is not configured");
      String where = "Gitea token file " + file;
      String token;
      try {
        token = read(file);
      } catch (NoSuchFileException e) {
        throw GiteaException.badToken(where + " does not exist");
      } catch (AccessDeniedException e) {
        throw GiteaException.badToken(where + " is not readable");
      } catch (IOException e) {
        throw GiteaException.badToken(
            where + " cannot be read (" + e.getClass().getSimpleName() + ")");
      }
      if (token.isEmpty()) throw GiteaException.badToken(where + " is empty");
      if (!valid(token)) throw GiteaException.badToken(where + " holds more than one token word");
      return token;
    };
  }

  /** A token must be one printable header word; anything else would end up in an OkHttp error. */
  static String check(String token) {
    if (token == null || token.isEmpty()) throw GiteaException.badToken("Gitea token is empty");
    if (!valid(token)) throw GiteaException.badToken("Gitea token has invalid characters");
    return token;
  }

  private static boolean valid(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) return false;
    }
    return true;
  }

  /**
   * {@code text} without {@code token}: every text the loop posts (agent output or logs quoted in
   * it) and every server message it reports passes here.
   */
  static String redact(String text, String token) {
    if (text == null) return "";
    return token == null || token.isBlank() ? text : text.replace(token, "[redacted]");
  }
}
