package io.k6bridge.output;

import io.k6bridge.config.Config;
import io.k6bridge.metrics.SystemTags;
import java.nio.file.Path;

/**
 * What the run gives an {@link OutputFactory} to build its output: k6's output.Params, without the
 * engine's own state. The run implements it; an output only reads it.
 */
public interface OutputParams {
  /** The name the output was chosen by in {@code K6_OUT}, such as "json". */
  String name();

  /** What followed {@code name=} in {@code K6_OUT}, or "" when nothing did. */
  String argument();

  /** The resolved configuration: the output's own keys are read with {@link Config#get}. */
  Config config();

  /** The system tags the run attaches (k6's K6_SYSTEM_TAGS). */
  SystemTags systemTags();

  /** A file name as the output should open it: relative names resolve where the run writes. */
  Path resolve(String file);

  /** Where the output reports its destination's retries, recoveries and failures. */
  OutputEvents events();

  /**
   * A new counter of samples this output loses, listed by the run at its end.
   *
   * @param what what was lost and why, such as "myoutput: queue full"
   */
  DropCounter dropCounter(String what);
}
