package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.worker.world.EmbeddedServer;
import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import org.junit.jupiter.api.Test;

/** The embedded server has no schedules: one clear line, exit 1. */
class ScheduleCommandTest {
  @Test
  void schedulesOnTheEmbeddedServerSayTheyNeedTheRealOne() throws Exception {
    int port = EmbeddedServer.freePort();
    try (PortBoundTestServer server = TestServer.createPortBoundServer(port)) {
      String address = "127.0.0.1:" + port;
      TimmyTest.Run create =
          TimmyTest.timmy("schedule", "create", "--every", "15m", "--address", address);
      assertEquals(ExitCodes.FAILURE, create.exitCode(), create.toString());
      assertEquals(1, create.errLines().length, create.err());
      assertTrue(create.err().contains("schedules need the real Temporal server"), create.err());

      TimmyTest.Run delete = TimmyTest.timmy("schedule", "delete", "--address", address);
      assertEquals(ExitCodes.FAILURE, delete.exitCode(), delete.toString());
      assertTrue(delete.err().contains("schedules need the real Temporal server"), delete.err());
    }
  }
}
