import java.util.List;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.visualizers.backend.AbstractBackendListenerClient;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;

/**
 * A Backend Listener client that does nothing, for run.sh's noop-listener configuration: what
 * JMeter itself spends on any Backend Listener (copying its parameter table for every sample,
 * notifying it, resetting the sample's elements), the floor under every client's own cost. Like
 * ours, it returns null from createSampleResult, so JMeter's queue is never used. run.sh compiles
 * it into the overhead JMeter home's lib/ext.
 */
public class NoOpBackendListenerClient extends AbstractBackendListenerClient {
  @Override
  public SampleResult createSampleResult(BackendListenerContext context, SampleResult result) {
    return null;
  }

  @Override
  public void handleSampleResults(List<SampleResult> results, BackendListenerContext context) {}
}
