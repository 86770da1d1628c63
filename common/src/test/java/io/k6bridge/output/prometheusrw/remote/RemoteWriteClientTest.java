package io.k6bridge.output.prometheusrw.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteClientTest {
  private static RemoteWriteClient client(String url) {
    ClientTls tls = ClientTls.create(false, "1.3", null, "CERT", null, "KEY");
    return new RemoteWriteClient(
        Endpoint.create("URL", url, "test", null, null, null, Map.of(), tls));
  }

  @Test
  void anHttpEndpointGetsACleartextOnlyClient() {
    // A client that can speak TLS sets it up when built, and that alone measurably slowed
    // JMeter's sampler threads for the whole run (see RemoteWriteClient's constructor).
    try (RemoteWriteClient c = client("http://127.0.0.1:9090/api/v1/write")) {
      assertFalse(c.speaksTls());
    }
  }

  @Test
  void anHttpsEndpointGetsTls() {
    try (RemoteWriteClient c = client("https://prometheus.example:9090/api/v1/write")) {
      assertTrue(c.speaksTls());
    }
  }
}
