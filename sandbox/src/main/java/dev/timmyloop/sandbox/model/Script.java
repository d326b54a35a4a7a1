package dev.timmyloop.sandbox.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted model's decision for one request, a pure function of the recipe and the request
 * body: a tool call running the recipe's command, a whole-file edit (aider), or a final "Done.".
 */
final class Script {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DONE = "Done.";

  /** Where each CLI states its working directory (see the class comment of {@link ModelServer}). */
  private static final List<Pattern> WORKTREE =
      List.of(
          Pattern.compile("Primary working directory: (/[^\\s`'\"<]+)"), // Claude Code
          Pattern.compile("current working directory is `(/[^`]+)`"), // Kimi Code, kimi-cli
          Pattern.compile("<cwd>(/[^<]+)</cwd>"), // Codex
          Pattern.compile("(?i)working directory[^/\\n]{0,40}?(/[^\\s`'\"<]+)"));

  /** Shell tools by CLI, best first; then any tool whose name mentions a shell. */
  private static final List<String> SHELL_TOOLS =
      List.of(
          "Bash", "exec_command", "shell", "shell_command", "Shell", "run_shell_command", "bash");

  private Script() {}

  /** One tool the request offers: its name and JSON schema of its arguments. */
  record Tool(String name, JsonNode schema) {}

  /** What to answer. */
  sealed interface Reply permits ToolCall, Text {}

  /** Call {@code tool} with {@code arguments}; {@code command} is the shell command inside. */
  record ToolCall(String tool, ObjectNode arguments, String command) implements Reply {}

  record Text(String text) implements Reply {}

  /**
   * What the request says: its tools, whether a tool result is in it, and the worktree if stated.
   */
  record Ask(List<Tool> tools, boolean hasToolResult, String worktree) {
    Tool shellTool() {
      for (String name : SHELL_TOOLS) {
        for (Tool t : tools) if (t.name().equals(name)) return t;
      }
      for (Tool t : tools) {
        String n = t.name().toLowerCase(Locale.ROOT);
        if (n.contains("shell") || n.contains("bash")) return t;
      }
      return null;
    }
  }

  static Ask read(Wire wire, JsonNode body) {
    List<Tool> tools = new ArrayList<>();
    for (JsonNode t : body.path("tools")) {
      switch (wire) {
        case ANTHROPIC -> add(tools, t.path("name"), t.path("input_schema"));
        case RESPONSES -> add(tools, t.path("name"), t.path("parameters"));
        case CHAT ->
            add(tools, t.path("function").path("name"), t.path("function").path("parameters"));
      }
    }
    return new Ask(tools, hasToolResult(wire, body), worktree(body));
  }

  static Reply decide(Recipe recipe, Ask ask) {
    if (ask.hasToolResult()) return new Text(DONE);
    Tool shell = ask.shellTool();
    if (shell != null && recipe.command() != null) {
      // No "cd WORKTREE &&" prefix: Claude Code refuses cd plus a redirect without approval. Every
      // CLI runs its shell in the worktree already; a tool with a workdir argument gets it too.
      String cmd = recipe.command();
      return new ToolCall(shell.name(), arguments(shell.schema(), cmd, ask.worktree()), cmd);
    }
    if (ask.tools().isEmpty() && recipe.kind() == Recipe.Kind.EDIT) {
      return new Text(wholeFile(recipe.file(), recipe.content()));
    }
    return new Text(DONE);
  }

  /** aider's default edit format for openai/* models: the path, then the whole file in a fence. */
  static String wholeFile(String file, String content) {
    String fence = content.contains("```") ? "````" : "```";
    String body = content.endsWith("\n") ? content : content + "\n";
    return file + "\n" + fence + "\n" + body + fence + "\n";
  }

  /**
   * Arguments that fit the tool's schema: a string or argv command, plus workdir when it has one.
   */
  static ObjectNode arguments(JsonNode schema, String cmd, String worktree) {
    ObjectNode args = JSON.createObjectNode();
    JsonNode props = schema.path("properties");
    String key = props.has("command") ? "command" : props.has("cmd") ? "cmd" : firstString(props);
    if ("array".equals(props.path(key).path("type").asText())) {
      ArrayNode argv = args.putArray(key);
      argv.add("bash").add("-lc").add(cmd);
    } else {
      args.put(key, cmd);
    }
    if (worktree != null) {
      if (props.has("workdir")) args.put("workdir", worktree); // Codex exec_command, shell
      if (props.has("cwd")) args.put("cwd", worktree); // Kimi Code Bash
    }
    if (props.has("description")) args.put("description", "Run the task's shell command");
    for (JsonNode r : schema.path("required")) {
      String name = r.asText();
      if (args.has(name)) continue;
      switch (props.path(name).path("type").asText()) {
        case "integer", "number" -> args.put(name, 60);
        case "boolean" -> args.put(name, false);
        default -> args.put(name, "");
      }
    }
    return args;
  }

  private static String firstString(JsonNode props) {
    var names = props.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if ("string".equals(props.path(n).path("type").asText())) return n;
    }
    return "command";
  }

  private static void add(List<Tool> tools, JsonNode name, JsonNode schema) {
    if (name.isTextual()) tools.add(new Tool(name.asText(), schema));
  }

  private static boolean hasToolResult(Wire wire, JsonNode body) {
    return switch (wire) {
      case ANTHROPIC ->
          any(
              body.path("messages"),
              m -> any(m.path("content"), c -> "tool_result".equals(c.path("type").asText())));
      case RESPONSES -> any(body.path("input"), i -> i.path("type").asText().endsWith("_output"));
      case CHAT -> any(body.path("messages"), m -> "tool".equals(m.path("role").asText()));
    };
  }

  private static boolean any(JsonNode array, java.util.function.Predicate<JsonNode> p) {
    for (JsonNode n : array) if (p.test(n)) return true;
    return false;
  }

  /** The first stated working directory in any text of the request, in pattern order. */
  static String worktree(JsonNode body) {
    List<String> texts = new ArrayList<>();
    // Not the tool descriptions: they mention working directories in general.
    body.fields()
        .forEachRemaining(
            f -> {
              if (!f.getKey().equals("tools")) collect(f.getValue(), texts);
            });
    for (Pattern p : WORKTREE) {
      for (String t : texts) {
        Matcher m = p.matcher(t);
        if (m.find()) return strip(m.group(1));
      }
    }
    return null;
  }

  private static String strip(String path) {
    String p = path.replaceAll("[.,;:)]+$", "");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) collect(child, out);
    }
  }
}
