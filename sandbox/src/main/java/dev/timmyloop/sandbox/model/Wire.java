package dev.timmyloop.sandbox.model;

/** The three wire protocols the agent CLIs speak to their model. */
public enum Wire {
  /** Anthropic Messages, {@code POST /v1/messages}, SSE when asked: Claude Code, Kimi Code. */
  ANTHROPIC,
  /** OpenAI Responses, {@code POST /v1/responses}, always SSE: Codex. */
  RESPONSES,
  /** OpenAI Chat Completions, {@code POST /v1/chat/completions}: legacy kimi-cli, aider. */
  CHAT
}
