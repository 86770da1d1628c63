package io.k6bridge.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.k6bridge.jmeter.K6BackendListenerClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;

/**
 * What our own threads (the engine's and the outputs') cost per request at a steady, paced load,
 * away from JMeter's and nginx's noise: the end-to-end runs cannot tell a change of a few hundred
 * instructions per request from the machine's drift, this can in a minute.
 *
 * <p>Two producer threads play JMeter's sampler threads: each passes synthetic HTTP results (one
 * per iteration, as the overhead plan's loop) to our listener's {@code createSampleResult} with the
 * current time, at {@code rate / 2} requests a second. Remote write goes to an in-process receiver
 * that answers 204. After the warm-up, our threads' CPU time over the window is reported per
 * request, and with {@code perf} on the PATH their instructions too ({@code perf stat --per-thread}
 * on this process).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.k6bridge.benchmarks.EngineThreadCost \
 *     [K6_OUT] [requests/s] [warm-up s] [window s]
 * </pre>
 *
 * Defaults: {@code experimental-prometheus-rw,web-dashboard} (the overhead runs' aggregating
 * configuration), 4000 requests a second (what JMeter reached there), 25 s, 20 s.
 */
public final class EngineThreadCost {
  private static final String[] OWN = {"k6bridge", "OkHttp"};

  private EngineThreadCost() {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "experimental-prometheus-rw,web-dashboard";
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    int window = args.length > 3 ? Integer.parseInt(args[3]) : 20;

    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/api/v1/write",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "receiver")));
    receiver.start();

    SyntheticSamples.loadJMeterProperties();
    Map<String, String> params = new HashMap<>();
    params.put("K6_OUT", out);
    params.put(
        "K6_PROMETHEUS_RW_SERVER_URL",
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/api/v1/write");
    params.put("K6_WEB_DASHBOARD_PORT", "0");
    BackendListenerContext context = new BackendListenerContext(params);
    K6BackendListenerClient client = new K6BackendListenerClient();
    client.setupTest(context);

    AtomicLong requests = new AtomicLong();
    for (int p = 0; p < 2; p++) {
      Thread t = new Thread(() -> produce(client, context, rate / 2, requests), "producer-" + p);
      t.setDaemon(true); // they run until the JVM exits
      t.start();
    }

    TimeUnit.SECONDS.sleep(warmup);
    Map<String, Long> cpuBefore = ownCpu();
    long requestsBefore = requests.get();
    long start = System.nanoTime();
    Path perfFile = Files.createTempFile("engine-thread-cost", ".perf");
    Process perf = startPerf(perfFile, window);
    TimeUnit.SECONDS.sleep(window);
    Map<String, Long> cpuAfter = ownCpu();
    long done = requests.get() - requestsBefore;
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> perfLines = List.of();
    if (perf != null && perf.waitFor(10, TimeUnit.SECONDS)) {
      perfLines = Files.readAllLines(perfFile);
    }
    Files.deleteIfExists(perfFile);

    System.out.printf(
        "K6_OUT=%s: %d requests in %.1f s (%.0f/s)%n", out, done, seconds, done / seconds);
    long total = 0;
    for (Map.Entry<String, Long> e : cpuAfter.entrySet()) {
      long ns = e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
      total += ns;
      System.out.printf("  cpu %-40s %8.0f ns/request%n", e.getKey(), (double) ns / done);
    }
    System.out.printf("  cpu %-40s %8.0f ns/request%n", "own threads", (double) total / done);
    printInstructions(perfLines, done);

    client.teardownTest(context);
    receiver.stop(0);
    System.exit(0);
  }

  /** Paced like a sampler thread that completes {@code perSecond} requests a second. */
  private static void produce(
      K6BackendListenerClient client,
      BackendListenerContext context,
      int perSecond,
      AtomicLong requests) {
    JMeterVariables vars = SyntheticSamples.samplerThreadContext();
    long start = System.nanoTime();
    long sent = 0;
    while (true) {
      long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
      while (sent < due) {
        // A new result each time: JMeter's results take their times once.
        HTTPSampleResult r =
            SyntheticSamples.result(
                (int) (sent % SyntheticSamples.COUNT), System.currentTimeMillis() - 10, false);
        vars.incIteration();
        client.createSampleResult(context, r);
        sent++;
        requests.incrementAndGet();
      }
      LockSupport.parkNanos(500_000);
    }
  }

  /** CPU time of our threads by name, the thread's number dropped so restarts add up. */
  private static Map<String, Long> ownCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new TreeMap<>();
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long ns = threads.getThreadCpuTime(id);
      if (info != null && ns >= 0 && isOwn(info.getThreadName())) {
        cpu.merge(info.getThreadName().replaceAll("[-\\s]?\\d+$", ""), ns, Long::sum);
      }
    }
    return cpu;
  }

  private static boolean isOwn(String name) {
    for (String prefix : OWN) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code perf stat} on this process for {@code seconds}, into {@code file}; null without perf.
   */
  private static Process startPerf(Path file, int seconds) {
    try {
      return new ProcessBuilder(
              "perf",
              "stat",
              "--per-thread",
              "-x,",
              "-e",
              "instructions:u,instructions:k",
              "-p",
              Long.toString(ProcessHandle.current().pid()),
              "-o",
              file.toString(),
              "--",
              "sleep",
              Integer.toString(seconds))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      System.out.println("  (no perf: " + e.getMessage() + "; CPU time only)");
      return null;
    }
  }

  /** perf's per-thread lines ({@code name-tid,count,,event,...}) for our threads, per request. */
  private static void printInstructions(List<String> lines, long requests) {
    Map<String, Long> byThread = new TreeMap<>();
    long total = 0;
    for (String line : lines) {
      String[] f = line.split(",");
      if (f.length < 4 || !f[3].startsWith("instructions") || !isOwn(f[0])) {
        continue;
      }
      long count;
      try {
        count = Long.parseLong(f[1]);
      } catch (NumberFormatException e) {
        continue; // "<not counted>"
      }
      byThread.merge(f[0].replaceAll("-\\d+$", "") + " " + f[3], count, Long::sum);
      total += count;
    }
    if (byThread.isEmpty()) {
      return;
    }
    byThread.forEach(
        (k, v) -> System.out.printf("  instr %-40s %8.0f /request%n", k, (double) v / requests));
    System.out.printf("  instr %-40s %8.0f /request%n", "own threads", (double) total / requests);
  }
}
