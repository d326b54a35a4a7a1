package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.timmyloop.activities.gitea.Tokens;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The whole environment an agent runs with ({@code env -i}): a few basics, its profile's quiet
 * settings and model variables, and the user's {@code agentEnv}. Nothing else of the worker's
 * environment reaches it, least of all the loop's own settings or the forge's credentials.
 */
public final class AgentEnvironment {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Passed when the worker has them; a pane without them breaks some CLIs' terminal handling. */
  static final List<String> BASICS = List.of("HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TERM");

  private AgentEnvironment() {}

  /**
   * @param agentEnv the {@code agentEnv} key: {@code NAME} passes the worker's value, {@code
   *     NAME=value} sets one
   * @param worker the worker's environment
   * @param tmpDir the agent's {@code TMPDIR}, outside {@code /tmp} (Codex's sandbox needs that)
   * @param tokenFile the Gitea token file; a variable naming it or holding its content is dropped
   */
  public static Map<String, String> build(
      AgentProfile profile,
      List<String> agentEnv,
      Map<String, String> worker,
      Path tmpDir,
      Path tokenFile) {
    Map<String, String> env = new TreeMap<>();
    worker.forEach(
        (name, value) -> {
          if (passes(profile.passThrough(), name)) env.put(name, value);
        });
    for (String name : BASICS) {
      if (worker.containsKey(name)) env.put(name, worker.get(name));
    }
    env.putIfAbsent("TERM", "dumb");
    if (worker.containsKey("PATH")) env.put("PATH", worker.get("PATH"));
    env.put("TMPDIR", tmpDir.toString());
    env.putAll(profile.quietEnv());
    for (String item : agentEnv) {
      int eq = item.indexOf('=');
      if (eq < 0) {
        String name = item.trim();
        if (worker.containsKey(name)) env.put(name, worker.get(name));
      } else {
        env.put(item.substring(0, eq).trim(), item.substring(eq + 1));
      }
    }
    String token = tokenFile == null ? "" : tokenFile.toAbsolutePath().normalize().toString();
    String secret = Tokens.readOrEmpty(tokenFile); // a variable holding the token is dropped too
    env.entrySet()
        .removeIf(
            e ->
                forbidden(e.getKey())
                    || !NAME.matcher(e.getKey()).matches()
                    || e.getValue() == null
                    || e.getValue().indexOf('\0') >= 0
                    || (!token.isEmpty() && e.getValue().contains(token))
                    || (!secret.isEmpty() && e.getValue().contains(secret)));
    return env;
  }

  /** The loop's settings and the forge's credentials stay with the loop, even for {@code *}. */
  static boolean forbidden(String name) {
    return name.startsWith("TIMMY_") || name.startsWith("GITEA_");
  }

  /**
   * True when {@code name} matches one of the profile's patterns (exact, {@code PREFIX_*}, {@code
   * *}).
   */
  public static boolean passes(List<String> patterns, String name) {
    for (String p : patterns) {
      if (p.equals("*")) return true;
      if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code NAME=value} entries, each ended by a NUL: what the runner reads with {@code mapfile -d
   * ''}.
   */
  public static byte[] nulSeparated(Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    env.forEach(
        (name, value) -> {
          out.writeBytes((name + "=" + value).getBytes(UTF_8));
          out.write(0);
        });
    return out.toByteArray();
  }
}
