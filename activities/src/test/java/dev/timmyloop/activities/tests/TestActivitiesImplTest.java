package dev.timmyloop.activities.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.activities.tests.TestActivities.TestRequest;
import dev.timmyloop.activities.tests.TestActivities.TestRun;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs of python3 -m unittest, pytest and tox on tiny projects. */
class TestActivitiesImplTest {
  static final String PASSING =
      """
      import unittest
      class TestMath(unittest.TestCase):
          def test_add(self): self.assertEqual(2, 1 + 1)
          def test_sub(self): self.assertEqual(0, 1 - 1)
          @unittest.skip("later")
          def test_later(self): pass
      """;
  static final String FAILING =
      """
      import unittest
      class TestMath(unittest.TestCase):
          def test_add(self): self.assertEqual(3, 1 + 1)
          def test_boom(self): raise RuntimeError("boom")
          def test_ok(self): pass
      """;

  @TempDir Path tmp;

  private TimmyConfig config(String command, String timeout) {
    return ConfigLoader.load(
        Map.of(
            "HOME",
            tmp.toString(),
            "TIMMY_REPO_PATH",
            tmp.resolve("project").toString(),
            "TIMMY_STATE_DIR",
            tmp.resolve("state").toString(),
            "TIMMY_TEST_COMMAND",
            command,
            "TIMMY_TEST_TIMEOUT",
            timeout),
        null);
  }

  private Path project(String testModule) throws Exception {
    Path dir = tmp.resolve("project");
    Files.createDirectories(dir.resolve("tests"));
    Files.writeString(dir.resolve("tests/__init__.py"), "");
    Files.writeString(dir.resolve("tests/test_math.py"), testModule);
    Files.writeString(
        dir.resolve("tox.ini"),
        """
        [tox]
        envlist = unit
        skipsdist = true
        [testenv:unit]
        sitepackages = true
        skip_install = true
        commands = python3 -m pytest -q tests
        """);
    return dir;
  }

  @Test
  void passingUnittestRun() throws Exception {
    project(PASSING);
    TimmyConfig config = config("/usr/bin/python3 -m unittest", "2m");
    TestRun run =
        new TestActivitiesImpl(config, Heartbeat.NONE).runTests(new TestRequest("", "main"));

    assertTrue(run.passed(), run.outputTail());
    assertEquals(
        List.of(2, 0, 0, 1),
        List.of(run.testsPassed(), run.testsFailed(), run.testsErrored(), run.testsSkipped()));
    assertTrue(
        run.logPath().startsWith(config.logsDir().resolve("main-").toString()), run.logPath());
    assertTrue(Files.readString(Path.of(run.logPath())).contains("Ran 3 tests"));
  }

  @Test
  void failingUnittestRunNamesTheTests() throws Exception {
    Path dir = project(FAILING);
    TestRun run =
        new TestActivitiesImpl(config("/usr/bin/python3 -m unittest -v", "2m"), Heartbeat.NONE)
            .runTests(new TestRequest(dir.toString(), "fix/12 x"));

    assertFalse(run.passed());
    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(1, 1, 1), List.of(run.testsPassed(), run.testsFailed(), run.testsErrored()));
    assertEquals(
        List.of("tests.test_math.TestMath.test_boom", "tests.test_math.TestMath.test_add"),
        run.failingTests());
    assertTrue(Path.of(run.logPath()).getFileName().toString().startsWith("fix-12-x-"));
  }

  @Test
  void failingToxPytestRunAsARealActivity() throws Exception {
    project(FAILING);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new TestActivitiesImpl(config("/usr/bin/tox -e unit", "5m")));
      TestActivities tox =
          env.newActivityStub(
              TestActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(5))
                  .setHeartbeatTimeout(Duration.ofMinutes(1))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      TestRun run = tox.runTests(new TestRequest("", "main"));

      assertFalse(run.passed(), run.outputTail());
      assertEquals(List.of(1, 2), List.of(run.testsPassed(), run.testsFailed()));
      assertEquals(
          List.of(
              "tests/test_math.py::TestMath::test_add", "tests/test_math.py::TestMath::test_boom"),
          run.failingTests());
      assertTrue(run.outputTail().contains("unit: commands failed"), run.outputTail());
    } finally {
      env.close();
    }
  }

  @Test
  void timeoutKillsASleepingTestAndItsProcessTree() throws Exception {
    Path dir =
        project(
            """
            import os, time, unittest
            class TestSlow(unittest.TestCase):
                def test_sleeps(self):
                    open(os.path.join(os.path.dirname(__file__), "pid"), "w").write(str(os.getpid()))
                    time.sleep(300)
            """);
    TestRun run =
        new TestActivitiesImpl(config("/usr/bin/python3 -m unittest", "3s"), Heartbeat.NONE)
            .runTests(new TestRequest("", "slow"));

    assertTrue(run.timedOut());
    assertFalse(run.passed());
    long pid = Long.parseLong(Files.readString(dir.resolve("tests/pid")).strip());
    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "test process still alive");
  }
}
