package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the histories recorded from a demo cycle (every workflow of it: the cycle, its phases,
 * the issue jobs, the repair, the merge queue) with today's code. A change that would break a
 * running workflow's determinism fails here. Re-record with DemoCycleTest, which writes
 * target/histories/.
 */
class RecordedHistoriesReplayTest {
  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(RecordedHistoriesReplayTest.class.getResource("/histories").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(files.size() >= 10, "recorded histories: " + files.size());
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysWithTheCurrentCode(Path history) throws Exception {
    List<Class<?>> types = Registration.WORKFLOWS;
    // The workflow id matters: a cycle takes its number from it. Files are named after it.
    String workflowId = history.getFileName().toString().replace(".json", "").replace('_', '/');
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history), workflowId),
        types.get(0),
        types.subList(1, types.size()).toArray(new Class<?>[0]));
  }
}
