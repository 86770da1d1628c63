package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class DistributedRoleTest {
  @Test
  void aRemoteEngineIsToldApartByThePropertyJMeterServerSets() {
    Properties standalone = new Properties();
    assertEquals("standalone", K6Listener.role(standalone));
    Properties remote = new Properties();
    remote.setProperty("__jm.D_TG", "10.0.0.7:1099"); // RemoteJMeterEngineImpl.rconfigure
    assertEquals("remote-engine", K6Listener.role(remote));
  }
}
