package dev.timmyloop.sandbox.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timmyloop.sandbox.model.Script.Reply;
import dev.timmyloop.sandbox.model.Script.Text;
import dev.timmyloop.sandbox.model.Script.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Reply} on each wire: a JSON body, or the SSE events of a streamed answer. */
final class Replies {
  private Replies() {}

  /**
   * One SSE event; {@code event} null for chat completions, which sends bare {@code data:} lines.
   */
  record Event(String event, String data) {
    String frame() {
      return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }
  }

  private static ObjectNode obj() {
    return Script.JSON.createObjectNode();
  }

  // ---- Anthropic Messages ----

  static ObjectNode anthropicMessage(Reply reply, String id, String model) {
    ObjectNode m =
        obj().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    ArrayNode content = m.putArray("content");
    if (reply instanceof ToolCall call) {
      content
          .addObject()
          .put("type", "tool_use")
          .put("id", "toolu_" + id)
          .put("name", call.tool())
          .set("input", call.arguments());
    } else {
      content.addObject().put("type", "text").put("text", ((Text) reply).text());
    }
    m.put("stop_reason", reply instanceof ToolCall ? "tool_use" : "end_turn")
        .putNull("stop_sequence");
    m.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
    return m;
  }

  static List<Event> anthropicStream(Reply reply, String id, String model) {
    List<Event> out = new ArrayList<>();
    ObjectNode start = anthropicMessage(reply, id, model);
    start.putArray("content");
    start.putNull("stop_reason");
    start.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
    out.add(
        new Event(
            "message_start", obj().put("type", "message_start").set("message", start).toString()));
    ObjectNode block = obj().put("type", "content_block_start").put("index", 0);
    ObjectNode delta = obj().put("type", "content_block_delta").put("index", 0);
    if (reply instanceof ToolCall call) {
      block
          .putObject("content_block")
          .put("type", "tool_use")
          .put("id", "toolu_" + id)
          .put("name", call.tool())
          .putObject("input");
      delta
          .putObject("delta")
          .put("type", "input_json_delta")
          .put("partial_json", call.arguments().toString());
    } else {
      block.putObject("content_block").put("type", "text").put("text", "");
      delta.putObject("delta").put("type", "text_delta").put("text", ((Text) reply).text());
    }
    out.add(new Event("content_block_start", block.toString()));
    out.add(new Event("content_block_delta", delta.toString()));
    out.add(
        new Event(
            "content_block_stop",
            obj().put("type", "content_block_stop").put("index", 0).toString()));
    ObjectNode md = obj().put("type", "message_delta");
    md.putObject("delta")
        .put("stop_reason", reply instanceof ToolCall ? "tool_use" : "end_turn")
        .putNull("stop_sequence");
    md.putObject("usage").put("output_tokens", 5);
    out.add(new Event("message_delta", md.toString()));
    out.add(new Event("message_stop", obj().put("type", "message_stop").toString()));
    return out;
  }

  static ObjectNode anthropicError(int status) {
    ObjectNode e = obj().put("type", "error");
    e.putObject("error")
        .put("type", status == 404 ? "not_found_error" : "api_error")
        .put("message", "scripted failure " + status);
    return e;
  }

  // ---- OpenAI Responses (always streamed by Codex) ----

  static List<Event> responsesStream(Reply reply, String id, String model) {
    List<Event> out = new ArrayList<>();
    ObjectNode created = obj().put("type", "response.created");
    response(created, id, model, "in_progress");
    out.add(new Event("response.created", created.toString()));
    ObjectNode item = obj();
    if (reply instanceof ToolCall call) {
      item.put("type", "function_call")
          .put("id", "fc_" + id)
          .put("call_id", "call_" + id)
          .put("name", call.tool())
          .put("arguments", call.arguments().toString())
          .put("status", "completed");
    } else {
      String text = ((Text) reply).text();
      ObjectNode delta =
          obj()
              .put("type", "response.output_text.delta")
              .put("item_id", "msg_" + id)
              .put("output_index", 0)
              .put("content_index", 0)
              .put("delta", text);
      item.put("type", "message")
          .put("id", "msg_" + id)
          .put("role", "assistant")
          .put("status", "completed");
      item.putArray("content")
          .addObject()
          .put("type", "output_text")
          .put("text", text)
          .putArray("annotations");
      ObjectNode added = obj().put("type", "response.output_item.added").put("output_index", 0);
      ObjectNode empty = item.deepCopy();
      empty.putArray("content");
      empty.put("status", "in_progress");
      added.set("item", empty);
      out.add(new Event("response.output_item.added", added.toString()));
      out.add(new Event("response.output_text.delta", delta.toString()));
    }
    ObjectNode done = obj().put("type", "response.output_item.done").put("output_index", 0);
    done.set("item", item);
    out.add(new Event("response.output_item.done", done.toString()));
    ObjectNode completed = obj().put("type", "response.completed");
    ObjectNode resp = response(completed, id, model, "completed");
    resp.putArray("output").add(item);
    resp.putObject("usage").put("input_tokens", 10).put("output_tokens", 5).put("total_tokens", 15);
    out.add(new Event("response.completed", completed.toString()));
    return out;
  }

  private static ObjectNode response(ObjectNode event, String id, String model, String status) {
    return event
        .putObject("response")
        .put("id", "resp_" + id)
        .put("object", "response")
        .put("model", model)
        .put("status", status);
  }

  // ---- OpenAI Chat Completions ----

  static ObjectNode chatCompletion(Reply reply, String id, String model) {
    ObjectNode choice = obj().put("index", 0);
    ObjectNode msg = choice.putObject("message").put("role", "assistant");
    if (reply instanceof ToolCall call) {
      msg.putNull("content");
      msg.putArray("tool_calls").add(chatToolCall(call, id));
    } else {
      msg.put("content", ((Text) reply).text());
    }
    choice.put("finish_reason", reply instanceof ToolCall ? "tool_calls" : "stop");
    ObjectNode c = chat("chat.completion", id, model, choice);
    c.set("usage", chatUsage());
    return c;
  }

  static List<Event> chatStream(Reply reply, String id, String model) {
    List<Event> out = new ArrayList<>();
    ObjectNode delta = obj().put("role", "assistant");
    if (reply instanceof ToolCall call) {
      delta.putArray("tool_calls").add(chatToolCall(call, id).put("index", 0));
    } else {
      delta.put("content", ((Text) reply).text());
    }
    out.add(new Event(null, chunk(id, model, delta, null).toString()));
    ObjectNode last = chunk(id, model, obj(), reply instanceof ToolCall ? "tool_calls" : "stop");
    last.set("usage", chatUsage());
    out.add(new Event(null, last.toString()));
    out.add(new Event(null, "[DONE]"));
    return out;
  }

  static ObjectNode openAiError(int status) {
    ObjectNode e = obj();
    e.putObject("error")
        .put("message", "scripted failure " + status)
        .put("type", status == 404 ? "not_found_error" : "server_error")
        .putNull("code");
    return e;
  }

  private static ObjectNode chunk(String id, String model, ObjectNode delta, String finish) {
    ObjectNode choice = obj().put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", finish);
    return chat("chat.completion.chunk", id, model, choice);
  }

  /** A chat completion (or chunk) envelope around its one choice. */
  private static ObjectNode chat(String object, String id, String model, ObjectNode choice) {
    ObjectNode c =
        obj()
            .put("id", "chatcmpl-" + id)
            .put("object", object)
            .put("created", System.currentTimeMillis() / 1000)
            .put("model", model);
    c.putArray("choices").add(choice);
    return c;
  }

  private static ObjectNode chatToolCall(ToolCall call, String id) {
    ObjectNode tc = obj().put("id", "call_" + id).put("type", "function");
    tc.putObject("function").put("name", call.tool()).put("arguments", call.arguments().toString());
    return tc;
  }

  private static ObjectNode chatUsage() {
    return obj().put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
  }
}
