package io.k6bridge.aggregate;

/**
 * A built-in output that only aggregates: the engine adds its samples to the sinks its router
 * names, in the one pass over each batch that serves the summary and every such output, instead of
 * handing it batches. Internal to the built-ins: a plug-in's router is not used, plug-ins receive
 * batches on their own thread.
 */
public interface WithSinkRouter {
  SinkRouter sinkRouter();
}
