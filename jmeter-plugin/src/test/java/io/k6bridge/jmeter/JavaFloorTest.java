package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;
import org.junit.jupiter.api.Test;

/** k6bridge on a Java older than 17, as far as this machine (Java 17 and 25) can show it. */
class JavaFloorTest {
  static {
    JMeterFixture.init(); // JMeter's properties before SampleResult reads them once, statically
  }

  @Test
  void theClassesJMeterLoadsByNameLoadOnJava8AndTheRestNeeds17() throws Exception {
    for (Class<?> c :
        List.of(
            K6BackendListenerClient.class,
            K6BackendListenerGui.class,
            io.k6bridge.engine.JavaFloor.class)) {
      assertEquals(52, majorVersion(c), c + " is Java 8 bytecode");
    }
    assertEquals(61, majorVersion(K6Listener.class), "the listener itself needs Java 17");
  }

  @Test
  void onJava11TheListenerSaysSoOnceAndTheTestRunsOnWithoutIt() throws Exception {
    Path out = Path.of("target", "java-floor.json");
    Files.deleteIfExists(out);
    PrintStream console = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      K6BackendListenerClient client = new K6BackendListenerClient(11);
      BackendListenerContext context =
          new BackendListenerContext(Map.of("K6_OUT", "json=" + out.toAbsolutePath()));
      assertEquals(0, client.getDefaultParameters().getArgumentCount(), "no table to offer");
      client.setupTest(context);
      SampleResult r = SampleResult.createTestSample(1);
      assertNull(client.createSampleResult(context, r), "nothing queued, nothing kept");
      client.handleSampleResults(List.of(r), context);
      client.teardownTest(context);
    } finally {
      System.setErr(console);
    }
    String line =
        "ERROR k6bridge needs Java 17 or newer, this JMeter runs on Java 11: the test runs without"
            + " k6bridge";
    // The console line once (the log's own line goes wherever JMeter's log goes).
    assertEquals(
        1,
        captured.toString(StandardCharsets.UTF_8).lines().filter(line::equals).count(),
        captured.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(out), "k6bridge stood aside: no output");
  }

  private static int majorVersion(Class<?> c) throws Exception {
    try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class");
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // 0xCAFEBABE
      data.readUnsignedShort(); // minor
      return data.readUnsignedShort();
    }
  }
}
