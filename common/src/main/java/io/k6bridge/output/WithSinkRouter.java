package io.k6bridge.output;

import io.k6bridge.aggregate.SinkRouter;

/**
 * A built-in {@link Output} that only aggregates: the engine adds its samples to the sinks its
 * router names, in the one pass over each batch that serves the summary and every such output,
 * instead of calling {@link Output#addMetricSamples}. A plug-in's router is not used: plug-ins
 * receive batches on their own thread.
 */
public interface WithSinkRouter {
  SinkRouter sinkRouter();
}
