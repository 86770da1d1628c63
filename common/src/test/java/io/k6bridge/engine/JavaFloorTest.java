package io.k6bridge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaFloorTest {
  @Test
  void javaReleasesAreReadAsJavaSpellsThem() {
    assertEquals(8, JavaFloor.release("1.8"));
    assertEquals(11, JavaFloor.release("11"));
    assertEquals(21, JavaFloor.release("21"));
    assertEquals(0, JavaFloor.release("unknown"));
    assertTrue(JavaFloor.running() >= JavaFloor.REQUIRED, "this JVM runs k6bridge");
  }

  @Test
  void anOlderJavaGetsOneLineSayingWhatIsNeeded() {
    assertNull(JavaFloor.refusal("JMeter", 17));
    assertEquals(
        "k6bridge needs Java 17 or newer, this Gatling runs on Java 11: the test runs without"
            + " k6bridge",
        JavaFloor.refusal("Gatling", 11));
  }
}
