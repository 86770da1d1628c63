package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.k6bridge.jmeter.RemoteEngines.Origin;
import org.junit.jupiter.api.Test;

class RemoteEnginesTest {
  @Test
  void aRemoteEnginesThreadNameNamesTheEngineAndTheThreadGroup() {
    assertEquals(
        new Origin("127.0.0.1:58293", "shop"), RemoteEngines.parse("127.0.0.1:58293-shop 1-2"));
    assertEquals(
        new Origin("engine-2.example:1099", "check out 2"),
        RemoteEngines.parse("engine-2.example:1099-check out 2 1-10"));
    assertEquals(new Origin("[::1]:1099", "g"), RemoteEngines.parse("[::1]:1099-g 1-1"));
  }

  @Test
  void thisJvmsThreadNamesAreNotRemote() {
    assertNull(RemoteEngines.parse("shop 1-2"));
    assertNull(RemoteEngines.parse("a:b-shop 1-2"));
    assertNull(RemoteEngines.parse("host:1099"));
    assertNull(RemoteEngines.parse(":1099-g 1-1"));
    assertNull(new RemoteEngines().origin(null));
  }
}
