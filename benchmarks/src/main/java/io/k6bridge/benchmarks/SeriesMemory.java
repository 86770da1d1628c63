package io.k6bridge.benchmarks;

import io.k6bridge.jmeter.K6BackendListenerClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;

/**
 * What one time series costs in heap for the whole run, the figure behind K6BRIDGE_MAX_SERIES's
 * default: a sampler thread passes results with a unique URL each (an id in the path, the usual
 * cause) to our listener, and the live heap after a full GC is compared before and after. Each such
 * request makes the series k6 makes for it (six with its url) plus its caches and every aggregate
 * that keeps series.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.k6bridge.benchmarks.SeriesMemory [K6_OUT] [requests]
 * </pre>
 *
 * Defaults: no output (the summary's aggregates only), 30,000 requests. Remote write and the
 * dashboard keep their own, bounded tables ({@code experimental-prometheus-rw,web-dashboard}).
 */
public final class SeriesMemory {
  private SeriesMemory() {}

  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "";
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
    SyntheticSamples.loadJMeterProperties();
    Map<String, String> params = new HashMap<>();
    params.put("K6_OUT", out);
    params.put("K6_PROMETHEUS_RW_SERVER_URL", "http://127.0.0.1:9/api/v1/write");
    params.put("K6_PROMETHEUS_RW_PUSH_INTERVAL", "1h");
    params.put("K6_WEB_DASHBOARD_PORT", "0");
    params.put("K6_WEB_DASHBOARD_TAGS", "group,url");
    params.put("K6BRIDGE_TELEMETRY_INTERVAL", "off");
    params.put("K6_SUMMARY_MODE", "disabled");
    BackendListenerContext context = new BackendListenerContext(params);
    K6BackendListenerClient client = new K6BackendListenerClient();
    client.setupTest(context);
    JMeterVariables vars = SyntheticSamples.samplerThreadContext();

    send(client, context, vars, 0, 2_000); // warm: classes, caches, the first sinks
    long before = liveHeap();
    send(client, context, vars, 2_000, requests);
    Thread.sleep(500); // the engine drains every 50 ms
    long after = liveHeap();
    double perRequest = (double) (after - before) / requests;
    System.out.printf(
        "K6_OUT=%s: %d unique URLs, %.0f bytes each, %.0f bytes per series" + " (six per URL)%n",
        out.isEmpty() ? "(none)" : out, requests, perRequest, perRequest / 6);
    client.teardownTest(context);
    System.exit(0);
  }

  private static void send(
      K6BackendListenerClient client,
      BackendListenerContext context,
      JMeterVariables vars,
      int from,
      int n)
      throws Exception {
    for (int i = from; i < from + n; i++) {
      HTTPSampleResult r = SyntheticSamples.result(0, System.currentTimeMillis() - 10, false);
      r.setURL(new URL("http://127.0.0.1:8080/order/" + i + "-" + Long.toHexString(i * 31L)));
      vars.incIteration();
      client.createSampleResult(context, r);
    }
  }

  private static long liveHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
