package dev.timmyloop.activities.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, point 4: the {@code promptTemplate} file, read at each call and checked. */
class SettingsActivitiesImplTest {
  @TempDir Path dir;

  private SettingsActivitiesImpl settings(String template) throws Exception {
    Map<String, String> env =
        template == null
            ? Map.of("HOME", dir.toString())
            : Map.of("HOME", dir.toString(), "TIMMY_PROMPT_TEMPLATE", template);
    TimmyConfig config = ConfigLoader.load(env, Files.writeString(dir.resolve("timmy.json"), "{}"));
    return new SettingsActivitiesImpl(config);
  }

  @Test
  void noTemplateMeansTheBuiltInPrompt() throws Exception {
    assertEquals("", settings(null).promptTemplate());
    assertNull(
        ConfigLoader.load(
                Map.of("HOME", dir.toString()), Files.writeString(dir.resolve("t.json"), "{}"))
            .promptTemplate());
  }

  @Test
  void anEditedTemplateIsReadAgainWithoutARestart() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("prompt.md"), "Issue #{ISSUE_NUMBER}: {ISSUE_TITLE}\n{SAFETY_BLOCK}");
    SettingsActivitiesImpl settings = settings(file.toString());
    assertEquals("Issue #{ISSUE_NUMBER}: {ISSUE_TITLE}\n{SAFETY_BLOCK}", settings.promptTemplate());
    Files.writeString(file, "Now: {ISSUE_BODY} {\"json\": true}");
    assertEquals("Now: {ISSUE_BODY} {\"json\": true}", settings.promptTemplate());
  }

  @Test
  void aMissingFileIsOneClearConfigError() throws Exception {
    Path missing = dir.resolve("nope.md");
    ApplicationFailure e =
        assertThrows(ApplicationFailure.class, () -> settings(missing.toString()).promptTemplate());
    assertEquals(FailureTypes.CONFIG_INVALID, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(
        e.getOriginalMessage().contains("promptTemplate: cannot read " + missing),
        e.getOriginalMessage());
  }

  @Test
  void anUnknownPlaceholderIsNamed() throws Exception {
    Path file =
        Files.writeString(dir.resolve("prompt.md"), "{ISSUE_TITLE} on {BRANCHNAME} by {AUTHOR}");
    ApplicationFailure e =
        assertThrows(ApplicationFailure.class, () -> settings(file.toString()).promptTemplate());
    assertEquals(FailureTypes.CONFIG_INVALID, e.getType());
    assertTrue(
        e.getOriginalMessage().contains("unknown placeholders [{AUTHOR}, {BRANCHNAME}]"),
        e.getOriginalMessage());
  }

  @Test
  void fillingIsOnePassAndLeavesOtherBracesAlone() {
    assertEquals(List.of("{X}"), PromptTemplate.unknown("{BRANCH} {X} {lower} {}"));
    assertEquals(
        "on {ISSUE_BODY} – {lower}",
        PromptTemplate.fill(
            "on {BRANCH} – {lower}", Map.of("BRANCH", "{ISSUE_BODY}", "ISSUE_BODY", "x")));
  }
}
