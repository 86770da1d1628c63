package io.k6bridge.jmeter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.control.Controller;
import org.apache.jmeter.control.TransactionController;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.threads.FindTestElementsUpToRootTraverser;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.SearchByClass;

/**
 * k6 group paths ({@code ""} for the root, {@code ::outer::inner}) of one JMeter thread, derived
 * from the Transaction Controllers that enclose a sampler.
 *
 * <p>Why the test tree: with "Generate parent sample" off, a child's result carries nothing about
 * its Transaction Controller. But JMeter sets the sampler being run as the context's current
 * sampler before sampling, and each thread runs its own clone of the test tree ({@link
 * JMeterThread#getTestTree()}), so the controllers on the path from that sampler to the root are
 * exactly the ones it runs inside. JMeter's own {@link FindTestElementsUpToRootTraverser} finds
 * that path (JMeterThread uses it for "start next loop"). The walk is done once per sampler per
 * thread and cached by identity. A Transaction Controller's own sample (either mode) arrives while
 * the current sampler is still its last child, so its path is the enclosing controller of that name
 * on the same path; if none matches (a controller none of whose children ran), the thread's tree is
 * searched for a controller of that name. Single-threaded: one instance per thread.
 */
final class GroupPaths {
  static final String ROOT = "";

  private static final Enclosing NONE = new Enclosing(new String[0], new String[0]);

  private final IdentityHashMap<Sampler, Enclosing> bySampler = new IdentityHashMap<>();
  private final Map<String, String> byTransactionName = new HashMap<>();
  private final IdentityHashMap<String, Map<String, String>> children = new IdentityHashMap<>();

  /** The group path of the sample being reported now (the context's current sampler). */
  String enclosing(JMeterContext ctx) {
    String[] paths = enclosingOf(ctx).paths();
    return paths.length == 0 ? ROOT : paths[paths.length - 1];
  }

  /** The path of the Transaction Controller whose own sample is being reported now. */
  String transaction(JMeterContext ctx, String name) {
    Enclosing e = enclosingOf(ctx);
    for (int i = e.names().length - 1; i >= 0; i--) {
      if (e.names()[i].equals(name)) {
        return e.paths()[i];
      }
    }
    String path = byTransactionName.get(name);
    if (path == null) {
      path = searchTree(ctx, name);
      byTransactionName.put(name, path);
    }
    return path;
  }

  /** The path of a nested transaction found among a parent-mode transaction's sub-results. */
  String child(String parentPath, String name) {
    Map<String, String> m = children.get(parentPath);
    if (m == null) {
      m = new HashMap<>();
      children.put(parentPath, m);
    }
    String path = m.get(name);
    if (path == null) {
      path = parentPath + "::" + name;
      m.put(name, path);
    }
    return path;
  }

  private Enclosing enclosingOf(JMeterContext ctx) {
    Sampler sampler = ctx.getCurrentSampler();
    JMeterThread thread = ctx.getThread();
    if (sampler == null || thread == null) {
      return NONE;
    }
    Enclosing e = bySampler.get(sampler);
    if (e == null) {
      e = walk(thread.getTestTree(), sampler);
      bySampler.put(sampler, e);
    }
    return e;
  }

  private static Enclosing walk(HashTree tree, Object element) {
    if (tree == null) {
      return NONE;
    }
    FindTestElementsUpToRootTraverser finder = new FindTestElementsUpToRootTraverser(element);
    tree.traverse(finder);
    List<String> names = new ArrayList<>();
    for (Controller c : finder.getControllersToRoot()) { // leaf to root
      if (c instanceof TransactionController) {
        names.add(c.getName());
      }
    }
    Collections.reverse(names);
    String[] paths = new String[names.size()];
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < paths.length; i++) {
      paths[i] = path.append("::").append(names.get(i)).toString();
    }
    return new Enclosing(names.toArray(new String[0]), paths);
  }

  private static String searchTree(JMeterContext ctx, String name) {
    JMeterThread thread = ctx.getThread();
    HashTree tree = thread == null ? null : thread.getTestTree();
    if (tree != null) {
      SearchByClass<TransactionController> search =
          new SearchByClass<>(TransactionController.class);
      tree.traverse(search);
      for (TransactionController tc : search.getSearchResults()) {
        if (name.equals(tc.getName())) {
          // walk() finds the controllers above the element, the element included.
          String[] paths = walk(tree, tc).paths();
          if (paths.length > 0) {
            return paths[paths.length - 1];
          }
        }
      }
    }
    return "::" + name;
  }

  /**
   * @param names the enclosing Transaction Controllers, root to leaf
   * @param paths paths[i] is the path of names[i]
   */
  private record Enclosing(String[] names, String[] paths) {}
}
