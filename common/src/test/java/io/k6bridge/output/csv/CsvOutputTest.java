package io.k6bridge.output.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.output.builtin.OpenFiles;
import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutputTest {
  private static final long T = 1562324643L * 1_000_000_000L; // k6's output_test.go times

  @TempDir Path dir;
  private final List<DropCounter> drops = new CopyOnWriteArrayList<>();
  private final MetricRegistry metrics = new MetricRegistry();
  private final Metric myMetric =
      metrics.register("my_metric", MetricType.GAUGE, ValueType.DEFAULT);
  private final SeriesRegistry series = new SeriesRegistry();
  // k6's TestRun enables error, check and vu: vu is not indexable, so it is no column.
  private final SystemTags errorCheckVu = SystemTags.parse("error,check,vu");

  private BuiltinParams params(String argument, Map<String, String> env, SystemTags tags) {
    Config config = Config.builder().layer("environment", env).build();
    return new BuiltinParams("csv", argument, config, tags, metrics, dir, drops);
  }

  private Output create(String argument, Map<String, String> env) {
    return new CsvOutputFactory().create(params(argument, env, errorCheckVu));
  }

  private Series s(Map<String, String> tags) {
    return series.get(myMetric, TagSet.of(tags));
  }

  /** k6's TestRun, first case: the expected text is k6's (extra_tags sorted, as k6's test does). */
  @Test
  void writesK6sGoldenFile() throws Exception {
    Output out = create("test", Map.of());
    assertEquals("csv (test)", out.description());
    out.start();
    out.addMetricSamples(
        new ListBatch()
            .add(s(Map.of("check", "val1", "url", "val2", "error", "val3")), T, 1)
            .add(
                s(
                    Map.of(
                        "check", "val1", "url", "val2", "error", "val3", "tag4", "val4", "vu",
                        "1")),
                T + 1_000_000_000L,
                1));
    out.stop();
    assertEquals(
        "metric_name,timestamp,metric_value,check,error,extra_tags,metadata\n"
            + "my_metric,1562324643,1.000000,val1,val3,url=val2,\n"
            + "my_metric,1562324644,1.000000,val1,val3,tag4=val4&url=val2&vu=1,\n",
        Files.readString(dir.resolve("test")));
    assertEquals(0, OpenFiles.to(dir.resolve("test")));
  }

  @Test
  void gzipRoundTripWithK6sSecondCase() throws Exception {
    Output out = create("test.gz", Map.of("K6_CSV_TIME_FORMAT", "unix"));
    out.start();
    out.addMetricSamples(
        new ListBatch()
            .add(s(Map.of("check", "val1", "url", "val2", "error", "val3")), T, 1)
            .add(
                s(Map.of("check", "val1", "url", "val2", "error", "val3", "name", "val4")),
                T + 1_000_000_000L,
                1));
    out.stop();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("test.gz")))) {
      assertEquals(
          "metric_name,timestamp,metric_value,check,error,extra_tags,metadata\n"
              + "my_metric,1562324643,1.000000,val1,val3,url=val2,\n"
              + "my_metric,1562324644,1.000000,val1,val3,name=val4&url=val2,\n",
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void defaultHeaderHasEveryIndexableDefaultSystemTag() {
    CsvEncoder e =
        new CsvEncoder(
            SystemTags.DEFAULT.indexable(), CsvTimeFormat.UNIX, new GoTime(ZoneOffset.UTC));
    TextBuffer b = new TextBuffer(64);
    e.appendHeader(b);
    assertEquals(
        "metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,"
            + "name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata\n",
        text(b));
  }

  @Test
  void timeFormatsAsK6PrintsThem() {
    long t = 1562324644L * 1_000_000_000L + 6_482_125;
    Map<CsvTimeFormat, String> expected =
        Map.of(
            CsvTimeFormat.UNIX, "1562324644",
            CsvTimeFormat.UNIX_MILLI, "1562324644006",
            CsvTimeFormat.UNIX_MICRO, "1562324644006482",
            CsvTimeFormat.UNIX_NANO, "1562324644006482125",
            CsvTimeFormat.RFC3339, "2019-07-05T11:04:04Z",
            CsvTimeFormat.RFC3339_NANO, "2019-07-05T11:04:04.006482125Z");
    for (CsvTimeFormat f : CsvTimeFormat.values()) {
      CsvEncoder e = new CsvEncoder(List.of("check"), f, new GoTime(ZoneOffset.UTC));
      TextBuffer b = new TextBuffer(64);
      e.encode(b, s(Map.of("check", "c")), t, 143.2871);
      assertEquals("my_metric," + expected.get(f) + ",143.287100,c,,\n", text(b), f.name());
    }
    assertEquals(CsvTimeFormat.RFC3339_NANO, CsvTimeFormat.parse("RFC3339_Nano"));
  }

  @Test
  void quotesFieldsAsGoEncodingCsv() {
    CsvEncoder e = new CsvEncoder(List.of("name"), CsvTimeFormat.UNIX, new GoTime(ZoneOffset.UTC));
    TextBuffer b = new TextBuffer(64);
    e.encode(b, s(Map.of("name", "a,b", "x", "say \"hi\"")), T, 1);
    e.encode(b, s(Map.of("name", " lead")), T, 1);
    e.encode(b, s(Map.of("name", "\u00a0nbsp")), T, 1);
    e.encode(b, s(Map.of("name", "\\.")), T, 1);
    e.encode(b, s(Map.of("name", "line\nbreak")), T, 1);
    e.encode(b, s(Map.of("name", "trail ")), T, 1);
    assertEquals(
        "my_metric,1562324643,1.000000,\"a,b\",\"x=say \"\"hi\"\"\",\n"
            + "my_metric,1562324643,1.000000,\" lead\",,\n"
            + "my_metric,1562324643,1.000000,\"\u00a0nbsp\",,\n"
            + "my_metric,1562324643,1.000000,\"\\.\",,\n"
            + "my_metric,1562324643,1.000000,\"line\nbreak\",,\n"
            + "my_metric,1562324643,1.000000,trail ,,\n",
        text(b));
  }

  @Test
  void optionsFromKeysAndArgumentWithK6sPrecedence() {
    CsvConfig defaults = CsvConfig.from(params("", Map.of(), SystemTags.DEFAULT));
    assertEquals("file.csv", defaults.fileName);
    assertEquals(Duration.ofSeconds(1), defaults.saveInterval);
    assertEquals(CsvTimeFormat.UNIX, defaults.timeFormat);

    Map<String, String> env =
        Map.of(
            "K6_CSV_FILENAME",
            "env.csv",
            "K6_CSV_SAVE_INTERVAL",
            "5s",
            "K6_CSV_TIME_FORMAT",
            "rfc3339");
    CsvConfig fromEnv = CsvConfig.from(params("", env, SystemTags.DEFAULT));
    assertEquals("env.csv", fromEnv.fileName);
    assertEquals(Duration.ofSeconds(5), fromEnv.saveInterval);
    assertEquals(CsvTimeFormat.RFC3339, fromEnv.timeFormat);

    CsvConfig plainArg = CsvConfig.from(params("arg.csv", env, SystemTags.DEFAULT));
    assertEquals("arg.csv", plainArg.fileName);
    assertEquals(Duration.ofSeconds(5), plainArg.saveInterval);

    CsvConfig pairs =
        CsvConfig.from(
            params("fileName=f.csv,saveInterval=2s,timeFormat=unix_nano", env, SystemTags.DEFAULT));
    assertEquals("f.csv", pairs.fileName);
    assertEquals(Duration.ofSeconds(2), pairs.saveInterval);
    assertEquals(CsvTimeFormat.UNIX_NANO, pairs.timeFormat);

    CsvConfig onePair = CsvConfig.from(params("timeFormat=unix_milli", env, SystemTags.DEFAULT));
    assertEquals("env.csv", onePair.fileName);
    assertEquals(CsvTimeFormat.UNIX_MILLI, onePair.timeFormat);
  }

  @Test
  void invalidOptionsNameKeyValueAndWhatIsAccepted() {
    CsvOutputFactory f = new CsvOutputFactory();
    ConfigException env =
        assertThrows(
            ConfigException.class,
            () -> f.create(params("", Map.of("K6_CSV_TIME_FORMAT", "iso"), SystemTags.DEFAULT)));
    assertEquals("K6_CSV_TIME_FORMAT", env.key());
    assertEquals(
        "invalid K6_CSV_TIME_FORMAT='iso' from environment (unknown time format): accepted is one of"
            + " unix, unix_milli, unix_micro, unix_nano, rfc3339, rfc3339_nano",
        env.getMessage());

    ConfigException zero =
        assertThrows(
            ConfigException.class,
            () -> f.create(params("", Map.of("K6_CSV_SAVE_INTERVAL", "0s"), SystemTags.DEFAULT)));
    assertEquals("K6_CSV_SAVE_INTERVAL", zero.key());
    assertTrue(zero.getMessage().contains("'0s'"), zero.getMessage());

    ConfigException arg =
        assertThrows(
            ConfigException.class,
            () ->
                f.create(params("fileName=a.csv,saveInterval=soon", Map.of(), SystemTags.DEFAULT)));
    assertEquals(
        "invalid saveInterval='soon' in K6_OUT argument 'csv=fileName=a.csv,saveInterval=soon' from"
            + " the default (expected a number at 'soon'): accepted is a duration greater than 0,"
            + " such as 500ms, 1s or 1m30s",
        arg.getMessage());

    ConfigException format =
        assertThrows(
            ConfigException.class,
            () -> f.create(params("timeFormat=excel", Map.of(), SystemTags.DEFAULT)));
    assertTrue(format.getMessage().startsWith("invalid timeFormat='excel' in K6_OUT argument"));
    assertTrue(format.getMessage().endsWith("rfc3339_nano"), format.getMessage());

    ConfigException unknown =
        assertThrows(
            ConfigException.class,
            () -> f.create(params("file=a.csv", Map.of(), SystemTags.DEFAULT)));
    assertTrue(unknown.getMessage().contains("unknown key 'file'"), unknown.getMessage());
    ConfigException empty =
        assertThrows(
            ConfigException.class,
            () -> f.create(params("fileName=", Map.of(), SystemTags.DEFAULT)));
    assertTrue(empty.getMessage().contains("'fileName=' is not key=value"), empty.getMessage());
    assertEquals(0, dir.toFile().list().length); // nothing opened before start
  }

  @Test
  void exposesItsKeys() {
    assertEquals(
        List.of("K6_CSV_FILENAME", "K6_CSV_SAVE_INTERVAL", "K6_CSV_TIME_FORMAT"),
        new CsvOutputFactory()
            .configKeys().stream()
                .map(k -> k.name())
                .collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void dashWritesToStandardOutput() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Output out = create("fileName=-", Map.of());
      assertEquals("csv (stdout)", out.description());
      out.start();
      out.addMetricSamples(new ListBatch().add(s(Map.of("check", "c")), T, 0.5));
      out.stop();
    } finally {
      System.setOut(original);
    }
    assertEquals(
        "metric_name,timestamp,metric_value,check,error,extra_tags,metadata\n"
            + "my_metric,1562324643,0.500000,c,,,\n",
        captured.toString(StandardCharsets.UTF_8));
  }

  @Test
  void countsSamplesPastTheBufferBound() throws Exception {
    Output out = create("b.csv", Map.of("K6BRIDGE_BUFFER_SAMPLES", "2"));
    ListBatch b = new ListBatch();
    for (int i = 0; i < 5; i++) {
      b.add(s(Map.of()), T, i);
    }
    out.addMetricSamples(b);
    out.start();
    out.stop();
    assertEquals(1 + 2, Files.readAllLines(dir.resolve("b.csv")).size());
    assertEquals(3, drops.stream().mapToLong(DropCounter::count).sum());
  }

  private static String text(TextBuffer b) {
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }
}
