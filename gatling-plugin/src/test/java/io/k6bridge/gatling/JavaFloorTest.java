package io.k6bridge.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** k6bridge on a Java older than 17, as far as this machine (Java 17 and 25) can show it. */
class JavaFloorTest {
  private static final String LINE =
      "ERROR k6bridge needs Java 17 or newer, this Gatling runs on Java 11: the test runs without"
          + " k6bridge";

  @Test
  void whatASimulationOrTheJvmLoadsByNameLoadsOnJava11() throws Exception {
    for (Class<?> c : List.of(K6Bridge.class, AttachBuilder.class, K6BridgeAgent.class)) {
      assertEquals(55, majorVersion(c), c + " is Java 11 bytecode");
    }
    assertEquals(61, majorVersion(Attachment.class), "the bridge itself needs Java 17");
  }

  @Test
  void onJava11TheAgentSaysSoAndLeavesGatlingAlone() {
    AtomicInteger calls = new AtomicInteger();
    Instrumentation instrumentation =
        (Instrumentation)
            Proxy.newProxyInstance(
                Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class},
                (proxy, method, args) -> {
                  calls.incrementAndGet();
                  return null;
                });
    String console = captured(() -> assertFalse(K6BridgeAgent.install(11, instrumentation)));
    assertEquals(0, calls.get(), "no transformer: Gatling's classes load as they are");
    assertEquals(1, console.lines().filter(LINE::equals).count(), console);
  }

  @Test
  void onJava11TheDslStepOnlyPassesUsersOn() {
    String console =
        captured(
            () -> {
              // A real attach would read the scenario context: there is none here.
              assertNull(new AttachBuilder(11).asScala().build(null, null));
              new AttachBuilder(11); // said once per JVM
            });
    assertEquals(1, console.lines().filter(LINE::equals).count(), console);
  }

  private static String captured(Runnable r) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(err);
    }
    return out.toString(StandardCharsets.UTF_8);
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
