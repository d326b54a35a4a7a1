package dev.timmyloop.sandbox.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.model.Script.Text;
import dev.timmyloop.sandbox.model.Script.ToolCall;
import org.junit.jupiter.api.Test;

/** The scripted model's decisions over request bodies shaped like each CLI's (trimmed). */
class ScriptTest {
  private static final Recipe EDIT = Recipe.edit("NOTES.md", "done\n");

  private static JsonNode json(String s) throws Exception {
    return Script.JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void claudeFirstTurnCallsBashWithTheWorktreeFromItsSystemMessage() throws Exception {
    JsonNode body =
        json(
            "{'messages':[{'role':'user','content':'hi'},{'role':'system','content':"
                + "'env:\\n - Primary working directory: /w/t\\n - Is a git repository: true'}],"
                + "'tools':[{'name':'Read','input_schema':{}},{'name':'Bash','input_schema':{'properties':"
                + "{'command':{'type':'string'},'description':{'type':'string'},'timeout':{'type':'number'}},"
                + "'required':['command']}}]}");
    Script.Ask ask = Script.read(Wire.ANTHROPIC, body);
    assertEquals("/w/t", ask.worktree());
    ToolCall call = assertInstanceOf(ToolCall.class, Script.decide(EDIT, ask));
    assertEquals("Bash", call.tool());
    assertEquals(EDIT.command(), call.arguments().get("command").asText());
    assertFalse(call.arguments().has("timeout"), "optional arguments stay unset");
  }

  @Test
  void anthropicToolResultEndsWithDone() throws Exception {
    JsonNode body =
        json(
            "{'messages':[{'role':'user','content':[{'type':'tool_result',"
                + "'tool_use_id':'x','content':'ok'}]}],'tools':[{'name':'Bash','input_schema':{}}]}");
    assertEquals(new Text("Done."), Script.decide(EDIT, Script.read(Wire.ANTHROPIC, body)));
  }

  @Test
  void codexGetsExecCommandWithCmdAndWorkdirFromEnvironmentContext() throws Exception {
    JsonNode body =
        json(
            "{'input':[{'type':'message','role':'user','content':[{'type':'input_text',"
                + "'text':'<environment_context>\\n  <cwd>/w/c</cwd>\\n</environment_context>'}]}],"
                + "'tools':[{'type':'function','name':'exec_command','parameters':{'properties':{'cmd':"
                + "{'type':'string'},'workdir':{'type':'string'}},'required':['cmd']}}]}");
    ToolCall call =
        assertInstanceOf(ToolCall.class, Script.decide(EDIT, Script.read(Wire.RESPONSES, body)));
    assertEquals("exec_command", call.tool());
    assertEquals(EDIT.command(), call.arguments().get("cmd").asText());
    assertEquals("/w/c", call.arguments().get("workdir").asText());
  }

  @Test
  void codexFunctionCallOutputEndsWithDone() throws Exception {
    JsonNode body =
        json(
            "{'input':[{'type':'function_call_output','call_id':'c','output':'ok'}],"
                + "'tools':[{'type':'function','name':'exec_command','parameters':{}}]}");
    assertEquals(new Text("Done."), Script.decide(EDIT, Script.read(Wire.RESPONSES, body)));
  }

  @Test
  void argvShellToolGetsBashDashLc() throws Exception {
    JsonNode schema = json("{'properties':{'command':{'type':'array','items':{'type':'string'}}}}");
    JsonNode args = Script.arguments(schema, "ls", null);
    assertEquals("[\"bash\",\"-lc\",\"ls\"]", args.get("command").toString());
  }

  @Test
  void kimiShellOnChatCompletionsWithTheKimiWorkingDirectoryPhrase() throws Exception {
    JsonNode body =
        json(
            "{'messages':[{'role':'system','content':'## Working Directory\\n\\nThe "
                + "current working directory is `/w/k`. This should be'},{'role':'user','content':'go'}],"
                + "'tools':[{'type':'function','function':{'name':'Shell','parameters':{'properties':"
                + "{'command':{'type':'string'},'timeout':{'type':'integer'}},'required':['command']}}}]}");
    Script.Ask ask = Script.read(Wire.CHAT, body);
    assertEquals("/w/k", ask.worktree());
    assertEquals("Shell", assertInstanceOf(ToolCall.class, Script.decide(EDIT, ask)).tool());
  }

  @Test
  void chatToolMessageEndsWithDone() throws Exception {
    JsonNode body =
        json(
            "{'messages':[{'role':'tool','tool_call_id':'c','content':'ok'}],"
                + "'tools':[{'type':'function','function':{'name':'Shell','parameters':{}}}]}");
    assertEquals(new Text("Done."), Script.decide(EDIT, Script.read(Wire.CHAT, body)));
  }

  @Test
  void aiderWithoutToolsGetsAWholeFileEdit() throws Exception {
    JsonNode body = json("{'messages':[{'role':'user','content':'Append done'}]}");
    Script.Ask ask = Script.read(Wire.CHAT, body);
    assertNull(ask.worktree());
    assertEquals(new Text("NOTES.md\n```\ndone\n```\n"), Script.decide(EDIT, ask));
  }

  @Test
  void toolDescriptionsAreNotTakenForTheWorktree() throws Exception {
    JsonNode body =
        json(
            "{'messages':[{'role':'user','content':'go'}],'tools':[{'name':'Bash',"
                + "'description':'Runs in the working directory /nowhere','input_schema':{}}]}");
    assertNull(Script.read(Wire.ANTHROPIC, body).worktree());
  }

  @Test
  void steeredCommandIsAskedVerbatim() throws Exception {
    JsonNode body =
        json(
            "{'messages':[],'tools':[{'name':'Bash','input_schema':{'properties':"
                + "{'command':{'type':'string'}}}}]}");
    Recipe steered = Recipe.steered("cat /t > leak.txt; touch /var/tmp/x");
    ToolCall call =
        assertInstanceOf(ToolCall.class, Script.decide(steered, Script.read(Wire.ANTHROPIC, body)));
    assertEquals("cat /t > leak.txt; touch /var/tmp/x", call.command());
  }

  @Test
  void shellQuoteSurvivesSingleQuotes() {
    assertEquals("'it'\\''s'", Recipe.shellQuote("it's"));
    assertTrue(Recipe.edit("a b", "x").command().endsWith("> 'a b'"));
  }
}
