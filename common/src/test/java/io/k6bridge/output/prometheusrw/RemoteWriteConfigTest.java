package io.k6bridge.output.prometheusrw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.output.builtin.BuiltinParams;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RemoteWriteConfigTest {
  private static ConfigException failure(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    Config c = Config.builder().layer("environment", m).build();
    return assertThrows(
        ConfigException.class,
        () ->
            new RemoteWriteOutputFactory()
                .create(BuiltinParams.of("experimental-prometheus-rw", "", c, Path.of("."))));
  }

  @Test
  void isFoundByItsK6NameWithK6Defaults() {
    assertTrue(
        MetricsEngine.outputFactories()
                .get("experimental-prometheus-rw")
                .create(
                    BuiltinParams.of(
                        "experimental-prometheus-rw", "", Config.defaults(), Path.of(".")))
            instanceof RemoteWriteOutput);
    RemoteWriteConfig c = RemoteWriteConfig.from(Config.defaults());
    assertEquals("http://localhost:9090/api/v1/write", c.endpoint.toString());
    assertEquals(java.time.Duration.ofSeconds(5), c.pushInterval);
    assertEquals(
        List.of("p99", "p95", "min", "max"),
        c.trendStats.stream().map(TrendStat::suffix).collect(Collectors.toList()));
    assertFalse(c.nativeHistograms);
    assertFalse(c.staleMarkers);
    assertEquals("injector", c.injectorLabel);
    assertTrue(c.injector.endsWith("-" + ProcessHandle.current().pid()), c.injector);
  }

  @Test
  void badUrlFailsWithoutShowingItsCredentials() {
    ConfigException e =
        failure("K6_PROMETHEUS_RW_SERVER_URL", "ftp://bob:hunter2@example.com/write");
    assertEquals("K6_PROMETHEUS_RW_SERVER_URL", e.key());
    assertEquals(
        "invalid K6_PROMETHEUS_RW_SERVER_URL='ftp://<redacted>@example.com/write' from environment:"
            + " accepted is an http:// or https:// URL such as http://localhost:9090/api/v1/write",
        e.getMessage());
  }

  @Test
  void badTrendStatFails() {
    ConfigException e = failure("K6_PROMETHEUS_RW_TREND_STATS", "p(95),p(abc)");
    assertEquals(
        "invalid K6_PROMETHEUS_RW_TREND_STATS='p(95),p(abc)' from environment ('p(abc)' is not a"
            + " percentile): accepted is "
            + TrendStat.ACCEPTED,
        e.getMessage());
    assertTrue(failure("K6_PROMETHEUS_RW_TREND_STATS", "p(101)").getMessage().contains("outside"));
    assertTrue(
        failure("K6_PROMETHEUS_RW_TREND_STATS", "mean")
            .getMessage()
            .contains("unknown trend stat 'mean'"));
  }

  @Test
  void missingOrPartialClientCertificateFails() {
    ConfigException e =
        failure(
            "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE", "/nonexistent/cert.pem",
            "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY", "/nonexistent/key.pem");
    assertEquals("K6_PROMETHEUS_RW_CLIENT_CERTIFICATE", e.key());
    assertTrue(
        e.getMessage()
            .startsWith("K6_PROMETHEUS_RW_CLIENT_CERTIFICATE: cannot read /nonexistent/cert.pem"),
        e.getMessage());
    ConfigException partial =
        failure("K6_PROMETHEUS_RW_CLIENT_CERTIFICATE", "/nonexistent/cert.pem");
    assertEquals("K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY", partial.key());
  }

  @Test
  void badTlsVersionFails() {
    ConfigException e = failure("K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION", "1.1");
    assertEquals(
        "invalid K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION='1.1' from environment (unknown value):"
            + " accepted is one of 1.2, 1.3",
        e.getMessage());
  }

  @Test
  void secretsNeverAppearInMessages() {
    ConfigException headers =
        failure("K6_PROMETHEUS_RW_HTTP_HEADERS", "Authorization=Bearer xyzzy");
    assertFalse(headers.getMessage().contains("xyzzy"), headers.getMessage());
    ConfigException sigv4 = failure("K6_PROMETHEUS_RW_SIGV4_SECRET_KEY", "wJalrXUtnFEMI");
    assertFalse(sigv4.getMessage().contains("wJalrXUtnFEMI"), sigv4.getMessage());
    assertTrue(sigv4.getMessage().contains("does not support AWS SigV4"), sigv4.getMessage());
  }

  @Test
  void injectorLabelMustBeAValidNameAndNotARunTag() {
    assertEquals(
        "K6BRIDGE_PROMETHEUS_RW_INJECTOR_LABEL",
        failure("K6BRIDGE_PROMETHEUS_RW_INJECTOR_LABEL", "in-jector").key());
    assertTrue(
        failure("K6_TAGS", "injector=x")
            .getMessage()
            .contains("K6_TAGS sets a tag named 'injector'"));
  }

  @Test
  void headersComeFromBothK6Syntaxes() {
    Map<String, String> m =
        Map.of(
            "K6_PROMETHEUS_RW_HEADERS_X-Scope-OrgID", "a",
            "K6_PROMETHEUS_RW_HTTP_HEADERS", "X-One:1,X-Two:2");
    assertEquals(
        Map.of("X-Scope-OrgID", "a", "X-One", "1", "X-Two", "2"),
        RemoteWriteConfig.from(Config.builder().layer("environment", m).build())
            .endpoint
            .headers());
  }
}
