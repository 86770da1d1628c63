package io.k6bridge.jmeter;

import io.k6bridge.engine.JavaFloor;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.visualizers.backend.BackendListener;
import org.apache.jmeter.visualizers.backend.BackendListenerGui;

/**
 * "k6bridge Backend Listener" under Add &gt; Listener: JMeter's Backend Listener with our client
 * chosen, whose table shows every key with its default but whose saved element keeps only the rows
 * that differ from their defaults. JMeter copies every row of a Backend Listener's table for every
 * sample on the sampler threads (in a real run, 23% of their CPU with all 44 rows, 4% with one), so
 * rows that change nothing must not reach the plan. The element is a plain Backend Listener: a plan
 * saved with this GUI runs on any JMeter with the jar, and the stock GUI can still open it.
 * Compiled for Java 8 ({@link JavaFloor}): on an older Java it shows the stock table and says in
 * its label that k6bridge needs Java 17.
 */
public class K6BackendListenerGui extends BackendListenerGui {
  private static final long serialVersionUID = 1L;

  private static final boolean SUPPORTED = JavaFloor.running() >= JavaFloor.REQUIRED;

  @Override
  public String getStaticLabel() {
    return SUPPORTED
        ? "k6bridge Backend Listener"
        : "k6bridge Backend Listener (needs Java " + JavaFloor.REQUIRED + ")";
  }

  @Override
  public TestElement createTestElement() {
    BackendListener listener = new BackendListener();
    listener.setClassname(K6BackendListenerClient.class.getName());
    listener.setArguments(new Arguments());
    listener.setQueueSize(BackendListener.DEFAULT_QUEUE_SIZE);
    configureTestElement(listener);
    return listener;
  }

  @Override
  public void configure(TestElement element) {
    BackendListener listener = (BackendListener) element;
    if (!SUPPORTED || !K6BackendListenerClient.class.getName().equals(listener.getClassname())) {
      super.configure(element); // another client chosen here: its table as saved
      return;
    }
    BackendListener shown = (BackendListener) listener.clone();
    shown.setArguments(ListenerSettings.withEveryKey(listener.getArguments()));
    super.configure(shown);
  }

  /** Only our keys are compared with defaults, so another client's rows are kept as they are. */
  @Override
  public void modifyTestElement(TestElement element) {
    super.modifyTestElement(element);
    if (SUPPORTED) {
      ListenerSettings.removeDefaultRows(((BackendListener) element).getArguments());
    }
  }
}
