package io.k6bridge.itthresholds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * JMeter's own record of a run (an XML JTL with sub-results and assertion results), counted the way
 * the summary must count it. A request is an {@code <httpSample>} without nested samples: a plain
 * request or one hop of a followed redirect; the redirect's holder only sums its hops.
 */
final class Jtl {
  /** Requests (leaf {@code <httpSample>}s). */
  long requests;

  /** Requests whose status is not an expected one (200-399), as k6's http_req_failed. */
  long failedRequests;

  long checksPassed;
  long checksFailed;

  /** Results labelled {@code label}, counted at the top level only. */
  final List<String> topLevelLabels = new ArrayList<>();

  long firstStartMillis = Long.MAX_VALUE;
  long lastEndMillis = Long.MIN_VALUE;

  static Jtl read(Path file) throws Exception {
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(file.toFile())
            .getDocumentElement();
    Jtl jtl = new Jtl();
    for (Element e : children(root)) {
      if (isSample(e)) {
        jtl.topLevelLabels.add(e.getAttribute("lb"));
        long start = Long.parseLong(e.getAttribute("ts"));
        jtl.firstStartMillis = Math.min(jtl.firstStartMillis, start);
        jtl.lastEndMillis =
            Math.max(jtl.lastEndMillis, start + Long.parseLong(e.getAttribute("t")));
        jtl.add(e);
      }
    }
    return jtl;
  }

  private void add(Element sample) {
    List<Element> nested = new ArrayList<>();
    for (Element e : children(sample)) {
      if (isSample(e)) {
        nested.add(e);
      } else if (e.getTagName().equals("assertionResult")) {
        boolean failed = text(e, "failure").equals("true") || text(e, "error").equals("true");
        if (failed) {
          checksFailed++;
        } else {
          checksPassed++;
        }
      }
    }
    if (nested.isEmpty() && sample.getTagName().equals("httpSample")) {
      requests++;
      String rc = sample.getAttribute("rc");
      boolean expected =
          rc.matches("\\d{3}") && Integer.parseInt(rc) >= 200 && Integer.parseInt(rc) <= 399;
      if (!expected) {
        failedRequests++;
      }
    }
    nested.forEach(this::add);
  }

  long labelled(String label) {
    return topLevelLabels.stream().filter(label::equals).count();
  }

  private static boolean isSample(Element e) {
    return e.getTagName().equals("httpSample") || e.getTagName().equals("sample");
  }

  private static String text(Element parent, String child) {
    for (Element e : children(parent)) {
      if (e.getTagName().equals(child)) {
        return e.getTextContent().trim();
      }
    }
    return "";
  }

  private static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        out.add((Element) n);
      }
    }
    return out;
  }
}
