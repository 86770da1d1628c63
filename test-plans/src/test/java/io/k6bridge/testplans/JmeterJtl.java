package io.k6bridge.testplans;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * JMeter's own record of a run (an XML JTL saved with sub-results and assertion results), reduced
 * to what k6 counts: requests, transactions and assertions.
 *
 * <p>A request is an {@code <httpSample>} without nested samples: a plain request, a redirect hop,
 * an embedded resource. An {@code <httpSample>} that holds sub-results only sums them; a {@code
 * <sample>} is a Transaction Controller (its parent sample when "Generate parent sample" is on, its
 * summary sample when off).
 */
public final class JmeterJtl {

  private static final Pattern THREAD_NUMBER = Pattern.compile(" \\d+-\\d+$");
  private static final Pattern HTTP_STATUS = Pattern.compile("\\d{3}");

  /**
   * @param sampler the label of the sampler in the plan: the request's own label, or its holder's
   *     for a sub-result
   * @param status k6's status tag: the HTTP status, or "0" when no response arrived
   */
  public record Request(
      String label,
      String sampler,
      String status,
      String url,
      String threadGroup,
      long startMillis,
      long elapsedMillis,
      long latencyMillis,
      long connectMillis,
      long receivedBytes,
      long sentBytes) {

    public boolean transportFailed() {
      return status.equals("0");
    }

    long endMillis() {
      return startMillis + elapsedMillis;
    }
  }

  public record Transaction(
      String name, String threadGroup, long startMillis, long elapsedMillis) {}

  public record Assertion(String name, boolean passed, String sampler, String threadGroup) {}

  public final List<Request> requests = new ArrayList<>();
  public final List<Transaction> transactions = new ArrayList<>();
  public final List<Assertion> assertions = new ArrayList<>();
  long startMillis = Long.MAX_VALUE;
  long endMillis = Long.MIN_VALUE;

  public static JmeterJtl read(Path jtl) throws Exception {
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(jtl.toFile())
            .getDocumentElement();
    JmeterJtl run = new JmeterJtl();
    for (Element sample : samples(root)) {
      run.add(sample, null);
    }
    if (run.requests.isEmpty()) {
      throw new AssertionError(jtl + " holds no HTTP request");
    }
    return run;
  }

  private void add(Element sample, String holder) {
    String label = sample.getAttribute("lb");
    String threadGroup = THREAD_NUMBER.matcher(sample.getAttribute("tn")).replaceFirst("");
    long start = Long.parseLong(sample.getAttribute("ts"));
    long elapsed = Long.parseLong(sample.getAttribute("t"));
    startMillis = Math.min(startMillis, start);
    endMillis = Math.max(endMillis, start + elapsed);
    List<Element> children = samples(sample);
    if (sample.getTagName().equals("sample")) {
      transactions.add(new Transaction(label, threadGroup, start, elapsed));
      children.forEach(child -> add(child, null));
      return;
    }
    String sampler = holder == null ? label : holder;
    for (Element assertion : childElements(sample, "assertionResult")) {
      boolean passed =
          text(assertion, "failure").equals("false") && text(assertion, "error").equals("false");
      assertions.add(new Assertion(text(assertion, "name"), passed, sampler, threadGroup));
    }
    if (!children.isEmpty()) {
      children.forEach(child -> add(child, sampler));
      return;
    }
    String responseCode = sample.getAttribute("rc");
    requests.add(
        new Request(
            label,
            sampler,
            HTTP_STATUS.matcher(responseCode).matches() ? responseCode : "0",
            text(sample, "java.net.URL"),
            threadGroup,
            start,
            elapsed,
            Long.parseLong(sample.getAttribute("lt")),
            Long.parseLong(sample.getAttribute("ct")),
            Long.parseLong(sample.getAttribute("by")),
            Long.parseLong(sample.getAttribute("sby"))));
  }

  private static List<Element> samples(Element parent) {
    List<Element> samples = new ArrayList<>(childElements(parent, "httpSample"));
    samples.addAll(childElements(parent, "sample"));
    return samples;
  }

  private static List<Element> childElements(Element parent, String tag) {
    List<Element> children = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element child && child.getTagName().equals(tag)) {
        children.add(child);
      }
    }
    return children;
  }

  private static String text(Element parent, String tag) {
    List<Element> children = childElements(parent, tag);
    if (children.size() != 1) {
      throw new AssertionError(
          "<"
              + parent.getTagName()
              + " lb=\""
              + parent.getAttribute("lb")
              + "\"> has "
              + children.size()
              + " <"
              + tag
              + ">; the JTL must be saved with it");
    }
    return children.get(0).getTextContent();
  }
}
