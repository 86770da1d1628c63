package io.k6bridge.testplans;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a .jmx says about its own structure, which the JTL does not record: the k6 group path of
 * every sampler and transaction controller (a TC with "Generate parent sample" off leaves no trace
 * of nesting in the JTL), each sampler's method, and each thread group's threads and loops.
 */
public final class JmeterPlan {

  public record Sampler(String label, String method, String groupPath) {}

  public record ThreadGroup(String name, int threads, int loops) {}

  private final Map<String, Sampler> samplers = new HashMap<>();
  private final Map<String, String> transactionPaths = new HashMap<>();
  private final List<ThreadGroup> threadGroups = new ArrayList<>();

  public static JmeterPlan read(Path jmx) throws Exception {
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(jmx.toFile())
            .getDocumentElement();
    JmeterPlan plan = new JmeterPlan();
    plan.walk(firstChild(root, "hashTree"), "");
    return plan;
  }

  /**
   * Labels must be unique in a plan the test reconciles: the JTL identifies samplers by label only.
   */
  public Sampler sampler(String label) {
    Sampler sampler = samplers.get(label);
    if (sampler == null) {
      throw new AssertionError("the JTL names a sampler the plan does not have: " + label);
    }
    return sampler;
  }

  public String transactionPath(String name) {
    String path = transactionPaths.get(name);
    if (path == null) {
      throw new AssertionError(
          "the JTL names a transaction controller the plan does not have: " + name);
    }
    return path;
  }

  public List<ThreadGroup> threadGroups() {
    return threadGroups;
  }

  /** In a hashTree, each element is followed by the hashTree of its children. */
  private void walk(Element hashTree, String groupPath) {
    Element element = null;
    for (Node node = hashTree.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (!(node instanceof Element child)) {
        continue;
      }
      if (!child.getTagName().equals("hashTree")) {
        element = child;
        continue;
      }
      if (element == null || "false".equals(element.getAttribute("enabled"))) {
        continue;
      }
      String name = element.getAttribute("testname");
      switch (element.getTagName()) {
        case "TransactionController" -> {
          String path = groupPath + "::" + name;
          unique(transactionPaths.put(name, path), name);
          walk(child, path);
        }
        case "HTTPSamplerProxy" ->
            unique(
                samplers.put(
                    name, new Sampler(name, prop(element, "HTTPSampler.method"), groupPath)),
                name);
        case "ThreadGroup" -> {
          Element loop = (Element) element.getElementsByTagName("elementProp").item(0);
          threadGroups.add(
              new ThreadGroup(
                  name,
                  Integer.parseInt(prop(element, "ThreadGroup.num_threads")),
                  Integer.parseInt(prop(loop, "LoopController.loops"))));
          walk(child, groupPath);
        }
        default -> walk(child, groupPath);
      }
      element = null;
    }
  }

  private static void unique(Object previous, String name) {
    if (previous != null) {
      throw new AssertionError(
          "the plan uses the label '" + name + "' twice; the JTL could not tell them apart");
    }
  }

  private static String prop(Element element, String name) {
    for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element child && name.equals(child.getAttribute("name"))) {
        return child.getTextContent();
      }
    }
    throw new AssertionError(element.getAttribute("testname") + " has no property " + name);
  }

  private static Element firstChild(Element parent, String tag) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element child && child.getTagName().equals(tag)) {
        return child;
      }
    }
    throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">");
  }
}
