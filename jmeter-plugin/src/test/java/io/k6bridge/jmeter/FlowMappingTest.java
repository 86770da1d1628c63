package io.k6bridge.jmeter;

import static io.k6bridge.jmeter.JMeterFixture.assertion;
import static io.k6bridge.jmeter.JMeterFixture.http;
import static io.k6bridge.jmeter.JMeterFixture.iteration;
import static io.k6bridge.jmeter.JMeterFixture.of;
import static io.k6bridge.jmeter.JMeterFixture.run;
import static io.k6bridge.jmeter.JMeterFixture.sample;
import static io.k6bridge.jmeter.JMeterFixture.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.jmeter.CapturingOutputFactory.Captured;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.jmeter.control.TransactionController;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.RemoteSampleListener;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transaction Controllers, assertions, iterations and non-HTTP samplers. */
class FlowMappingTest {
  private static final long T0 = 1_700_000_000_000L;

  private ThreadGroup group;
  private TransactionController outer;
  private TransactionController inner;
  private Sampler a;
  private Sampler b;
  private Sampler c;

  @BeforeAll
  static void jmeter() {
    JMeterFixture.init();
  }

  /** users > outer TC > (inner TC > a, b), then c at the root: the thread's own tree. */
  @BeforeEach
  void plan() {
    group = JMeterFixture.threadGroup("users", 2);
    outer = new TransactionController();
    outer.setName("outer");
    inner = new TransactionController();
    inner.setName("inner");
    a = sampler("a");
    b = sampler("b");
    c = sampler("c");
    ListedHashTree tree = new ListedHashTree();
    tree.add(group);
    tree.add(new Object[] {group, outer}, inner);
    tree.add(new Object[] {group, outer, inner}, a);
    tree.add(new Object[] {group, outer}, b);
    tree.add(group, c);
    JMeterFixture.thread(group);
    JMeterContextService.getContext().setThread(new JMeterThread(tree, null, null));
    iteration(1);
  }

  private static Sampler sampler(String name) {
    Sampler s =
        new AbstractSampler() {
          private static final long serialVersionUID = 1L;

          @Override
          public SampleResult sample(Entry e) {
            return null;
          }
        };
    s.setName(name);
    return s;
  }

  private static void current(Sampler s) {
    JMeterContextService.getContext().setCurrentSampler(s);
  }

  private static HTTPSampleResult ok(String label, long start) {
    return http(label, "GET", "http://h/" + label, "200", start, 10, 0, 5);
  }

  private static Map<String, String> groupsOf(List<Captured> out, String metric) {
    return of(out, metric).stream()
        .collect(
            Collectors.toMap(
                x -> x.tags.getOrDefault("name", x.tags.get("group")),
                x -> x.tags.get("group"),
                (x, y) -> x + "|" + y));
  }

  @Test
  void parentSampleModeCountsChildrenFromSubResultsOnly() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              // Only the outer parent sample arrives; the last child run was b.
              current(b);
              SampleResult innerTx = transaction("inner", T0, 10, ok("a", T0));
              sample(transaction("outer", T0, 25, innerTx, ok("b", T0 + 12)));
              current(c);
              sample(ok("c", T0 + 30));
            });
    assertEquals(
        Map.of("a", "::outer::inner", "b", "::outer", "c", ""), groupsOf(out, "http_reqs"));
    List<Captured> groups = of(out, "group_duration");
    assertEquals(2, groups.size());
    assertEquals("::outer", groups.get(0).tags.get("group"));
    assertEquals(25, groups.get(0).value);
    assertEquals("::outer::inner", groups.get(1).tags.get("group"));
    assertEquals(10, groups.get(1).value);
  }

  @Test
  void childrenOnlyModeFindsTheEnclosingControllersInTheThreadTree() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              current(a);
              sample(ok("a", T0));
              sample(transaction("inner", T0, 10)); // the inner TC ends after a
              current(b);
              sample(ok("b", T0 + 12));
              sample(transaction("outer", T0, 25)); // the outer TC ends after b
              current(c);
              sample(ok("c", T0 + 30));
            });
    assertEquals(3, of(out, "http_reqs").size());
    assertEquals(
        Map.of("a", "::outer::inner", "b", "::outer", "c", ""), groupsOf(out, "http_reqs"));
    List<Captured> groups = of(out, "group_duration");
    assertEquals(
        List.of("::outer::inner", "::outer"),
        groups.stream().map(g -> g.tags.get("group")).collect(Collectors.toList()));
  }

  @Test
  void assertionsBecomeChecksInTheirGroup() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              current(a);
              HTTPSampleResult r = ok("a", T0);
              r.addAssertionResult(assertion("status is 200", true));
              r.addAssertionResult(assertion("body has token", false));
              sample(r);
            });
    List<Captured> checks = of(out, "checks");
    assertEquals(2, checks.size());
    assertEquals(
        Map.of("check", "status is 200", "group", "::outer::inner", "scenario", "users"),
        checks.get(0).tags);
    assertEquals(1, checks.get(0).value);
    assertEquals("body has token", checks.get(1).tags.get("check"));
    assertEquals(0, checks.get(1).value);
  }

  /**
   * Checks are found by the identity of their name first (JMeter reuses the assertion's name
   * string): one name in alternating groups must still land in each group's series, and an equal
   * name built anew must land in the same series as the original.
   */
  @Test
  void oneCheckNameKeepsItsGroupsApartAndCopiesOfItTogether() throws Exception {
    String name = "status is 200";
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              for (int i = 0; i < 3; i++) {
                current(a);
                HTTPSampleResult inA = ok("a", T0 + i);
                inA.addAssertionResult(assertion(name, true));
                sample(inA);
                current(c);
                HTTPSampleResult inC = ok("c", T0 + i);
                inC.addAssertionResult(assertion(new String(name), i != 1));
                sample(inC);
              }
            });
    assertEquals(
        List.of(
            "::outer::inner 1.0",
            " 1.0",
            "::outer::inner 1.0",
            " 0.0",
            "::outer::inner 1.0",
            " 1.0"),
        of(out, "checks").stream()
            .map(x -> x.tags.get("group") + " " + x.value)
            .collect(Collectors.toList()));
    assertEquals(
        List.of(name),
        of(out, "checks").stream()
            .map(x -> x.tags.get("check"))
            .distinct()
            .collect(Collectors.toList()));
  }

  @Test
  void iterationsCountCompletedLoopsOnly() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              current(c);
              sample(ok("c", T0)); // iteration 1 starts at T0
              iteration(2);
              sample(ok("c", T0 + 100)); // closes iteration 1: 100 ms
            });
    // Iteration 2 is the thread group's last loop (2): flushed at teardown, ending at T0+110.
    List<Captured> iterations = of(out, "iterations");
    assertEquals(2, iterations.size());
    assertEquals(Map.of("group", "", "scenario", "users"), iterations.get(0).tags);
    List<Captured> durations = of(out, "iteration_duration");
    assertEquals(100, durations.get(0).value);
    assertEquals((T0 + 100) * 1_000_000L, durations.get(0).timeNanos);
    assertEquals(10, durations.get(1).value);
  }

  /**
   * A distributed run: the engine's EngineSampleSender adds what its context knows (group paths,
   * iterations, health) to each event; the events cross the wire (serialized); the controller,
   * another thread without that context, counts the engine's iterations and nested groups under the
   * engine's injector.
   */
  @Test
  void aControllerGetsTheEnginesGroupsIterationsAndHealth() throws Exception {
    JMeterUtils.setProperty(EngineSampleSender.RELAY_MODE, "Standard");
    JMeterUtils.setProperty("server.rmi.ssl.disable", "true");
    List<byte[]> wire = new ArrayList<>();
    EngineSampleSender engine = new EngineSampleSender(new Relay(e -> wire.add(serialized(e))));
    current(a);
    engine.sampleOccurred(remote(ok("a", T0)));
    engine.sampleOccurred(remote(transaction("inner", T0, 10))); // ends after a
    iteration(2);
    engine.sampleOccurred(remote(ok("a", T0 + 100))); // closes iteration 1
    current(c);
    engine.sampleOccurred(remote(ok("c", T0 + 120)));
    engine.testEnded("127.0.0.1:1099");

    List<List<Captured>> out = new ArrayList<>();
    Thread controller =
        new Thread(
            () -> {
              try {
                out.add(
                    run(
                        Map.of("K6_OUT", "capture"),
                        () -> {
                          try {
                            EngineSampleSender receiving =
                                new EngineSampleSender(
                                    new Relay(e -> JMeterFixture.sample(e.getResult())));
                            for (byte[] e : wire) {
                              receiving.sampleOccurred((SampleEvent) deserialized(e));
                            }
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        }));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    controller.start();
    controller.join();
    JMeterUtils.getJMeterProperties().remove(EngineSampleSender.RELAY_MODE);
    List<Captured> seen = out.get(0);
    assertEquals(
        Map.of("a", "::outer::inner|::outer::inner", "c", ""), groupsOf(seen, "http_reqs"));
    assertEquals("::outer::inner", of(seen, "group_duration").get(0).tags.get("group"));
    List<Captured> iterations = of(seen, "iterations");
    assertEquals(2, iterations.size(), "iteration 1, closed by 2; 2, the last loop, at the end");
    assertEquals("127.0.0.1:1099", iterations.get(0).tags.get("injector"));
    assertEquals(100, of(seen, "iteration_duration").get(0).value);
    assertTrue(
        of(seen, "k6bridge_injector_heap_used").stream()
            .anyMatch(x -> "127.0.0.1:1099".equals(x.tags.get("injector"))),
        "the engine's own health");
  }

  /** As a remote engine's sampler thread reports {@code r}. */
  private static SampleEvent remote(SampleResult r) {
    r.setThreadName("127.0.0.1:1099-users 1-1");
    return new SampleEvent(r, "users", JMeterContextService.getContext().getVariables());
  }

  private static byte[] serialized(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Object deserialized(byte[] b) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    }
  }

  /** The remote listener a sender hands events to: here, a local call. */
  private static final class Relay implements RemoteSampleListener {
    private final Consumer<SampleEvent> to;

    Relay(Consumer<SampleEvent> to) {
      this.to = to;
    }

    @Override
    public void sampleOccurred(SampleEvent e) {
      to.accept(e);
    }

    @Override
    public void processBatch(List<SampleEvent> events) {
      events.forEach(to);
    }

    @Override
    public void sampleStarted(SampleEvent e) {}

    @Override
    public void sampleStopped(SampleEvent e) {}

    @Override
    public void testStarted() {}

    @Override
    public void testStarted(String host) {}

    @Override
    public void testEnded() {}

    @Override
    public void testEnded(String host) {}
  }

  @Test
  void anInterruptedLastIterationIsNotCounted() throws Exception {
    group.setSamplerController(loops(-1));
    JMeterContextService.getContext().setThreadGroup(JMeterFixture.threadGroup("forever", -1));
    List<Captured> out = run(Map.of("K6_OUT", "capture"), () -> sample(ok("c", T0)));
    assertEquals(0, of(out, "iterations").size());
  }

  private static org.apache.jmeter.control.LoopController loops(int n) {
    org.apache.jmeter.control.LoopController lc = new org.apache.jmeter.control.LoopController();
    lc.setLoops(n);
    return lc;
  }

  @Test
  void nonHttpSamplersBecomeCustomMetrics() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              current(c);
              SampleResult r = new SampleResult();
              r.setSampleLabel("select users");
              r.setStampAndTime(T0, 7);
              r.setResponseCode("42P01");
              r.setSuccessful(false);
              sample(r);
            });
    Map<String, String> tags =
        Map.of("name", "select users", "status", "42P01", "group", "", "scenario", "users");
    assertEquals(tags, of(out, JMeterMetrics.SAMPLES).get(0).tags);
    assertEquals(1, of(out, JMeterMetrics.SAMPLES).get(0).value);
    assertEquals(7, of(out, JMeterMetrics.SAMPLE_DURATION).get(0).value);
    assertEquals(1, of(out, JMeterMetrics.SAMPLE_FAILED).get(0).value);
    assertEquals(0, of(out, "http_reqs").size());
  }
}
