package dev.timmyloop.sandbox.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment (and config files under {@code home}) that points each agent CLI at a {@link
 * ModelServer}, offline: no update checks, telemetry or analytics. The map holds only these
 * variables plus {@code HOME}; the caller adds {@code PATH} (e.g. {@code
 * /opt/agents/bin:/usr/bin:/bin}) and starts the process with nothing else inherited.
 *
 * <p>Headless command lines that ran against the scripted model (prompt on stdin unless said):
 *
 * <ul>
 *   <li>{@code claude}: {@code claude -p --permission-mode acceptEdits --max-turns 60}, cwd =
 *       worktree.
 *   <li>{@code codex}: {@code codex exec -C WORKTREE --sandbox workspace-write
 *       --skip-git-repo-check -}.
 *   <li>{@code kimi} (legacy kimi-cli 1.51.0): {@code kimi --print --final-message-only -w
 *       WORKTREE}.
 *   <li>{@code kimi-code}: {@code kimi-code -p PROMPT}, the prompt as one argv element (stdin is
 *       not read), cwd = worktree.
 *   <li>{@code aider}: {@code aider --message-file F --yes-always --no-git --no-check-update
 *       --analytics-disable --model openai/scripted FILE…}, cwd = worktree; the model name must
 *       carry the {@code openai/} prefix so litellm uses {@code OPENAI_API_BASE}.
 * </ul>
 *
 * <p>Outages seen (see RealAgentTest): claude exits 1 on a 404, and on a 500 only once its retries
 * are spent (minutes, unless {@code CLAUDE_CODE_MAX_RETRIES} is small); codex exits 1 on a 500
 * (this config sets its retries to 0); kimi-code exits 1 on a 404 and keeps retrying a 500; kimi
 * exits 1 on a 404 and 75 when the connection is refused; aider always exits 0, so judge it by the
 * diff. A model that never answers leaves claude hanging: only an outside watchdog ends it.
 */
public final class AgentEnv {
  /** The API key every CLI sends; the scripted model accepts any. */
  public static final String API_KEY = "sk-timmy-scripted";

  /** The model name the CLIs ask for. */
  public static final String MODEL = "scripted";

  private AgentEnv() {}

  /**
   * The variables for {@code profile} ({@code claude}, {@code codex}, {@code kimi} or its alias
   * {@code kimi-cli}, {@code kimi-code}, {@code aider}) to use {@code server}, with {@code
   * HOME=home}; writes the config files that profile needs under {@code home}.
   */
  public static Map<String, String> forProfile(String profile, ModelServer server, Path home) {
    Map<String, String> env = new LinkedHashMap<>();
    Path h = home.toAbsolutePath();
    env.put("HOME", h.toString());
    String base = server.baseUrl();
    try {
      Files.createDirectories(h);
      switch (profile) {
        case "claude" -> {
          // Base URL without /v1: Claude Code appends /v1/messages itself.
          env.put("ANTHROPIC_BASE_URL", base);
          env.put("ANTHROPIC_API_KEY", API_KEY);
          env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
          env.put("DISABLE_AUTOUPDATER", "1");
        }
        case "codex" -> {
          Path codexHome = Files.createDirectories(h.resolve(".codex"));
          Files.writeString(codexHome.resolve("config.toml"), codexConfig(base));
          env.put("CODEX_HOME", codexHome.toString());
          // Not a TIMMY_ name: the loop never hands its own variables to an agent.
          env.put("OPENAI_API_KEY", API_KEY);
          // With Debian's bwrap on PATH, Codex's sandbox fails every command while TMPDIR is /tmp.
          env.put("TMPDIR", Files.createDirectories(h.resolve("tmp")).toString());
        }
        case "kimi", "kimi-cli" -> {
          // No config file means provider type "kimi" (chat completions), which reads these three.
          Path share = Files.createDirectories(h.resolve(".kimi"));
          Files.writeString(share.resolve("config.toml"), "telemetry = false\n");
          env.put("KIMI_BASE_URL", base + "/v1");
          env.put("KIMI_API_KEY", API_KEY);
          env.put("KIMI_MODEL_NAME", MODEL);
          env.put("KIMI_CLI_NO_AUTO_UPDATE", "1");
        }
        case "kimi-code" -> {
          env.put("KIMI_MODEL_NAME", MODEL);
          env.put("KIMI_MODEL_API_KEY", API_KEY);
          env.put("KIMI_MODEL_BASE_URL", base);
          env.put("KIMI_MODEL_PROVIDER_TYPE", "anthropic");
          env.put("KIMI_DISABLE_TELEMETRY", "1");
          env.put("KIMI_CODE_NO_AUTO_UPDATE", "1");
        }
        case "aider" -> {
          env.put("OPENAI_API_BASE", base + "/v1");
          env.put("OPENAI_API_KEY", API_KEY);
          env.put("AIDER_CHECK_UPDATE", "false");
          env.put("AIDER_ANALYTICS_DISABLE", "true");
          env.put("AIDER_SHOW_RELEASE_NOTES", "false");
          env.put("AIDER_SHOW_MODEL_WARNINGS", "false"); // "openai/scripted" has no known metadata
          // litellm fetches its model price map from the internet unless told to use its own copy.
          env.put("LITELLM_LOCAL_MODEL_COST_MAP", "True");
        }
        default -> throw new IllegalArgumentException("unknown agent profile: " + profile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  static String codexConfig(String base) {
    return String.join(
        "\n",
        "model = \"" + MODEL + "\"",
        "model_provider = \"fake\"",
        "check_for_update_on_startup = false",
        "",
        "[model_providers.fake]",
        "name = \"timmy scripted model\"",
        "base_url = \"" + base + "/v1\"",
        "env_key = \"OPENAI_API_KEY\"",
        "wire_api = \"responses\"",
        "request_max_retries = 0",
        "stream_max_retries = 0",
        "",
        "[analytics]",
        "enabled = false",
        "");
  }
}
