package io.k6bridge.jmeter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.samplers.SampleResult;

/**
 * A result's assertion results and sub-results, read in place. JMeter's getters copy the list into
 * a new array on every call: on the sampler thread, for every result with assertions, that copy was
 * the translator's only allocation and a good part of its cost. So the lists are read from the
 * fields JMeter 5.6 keeps them in; a JMeter without those fields is read through the getters. The
 * translator only reads the lists, on the thread that filled them.
 *
 * <p>The two readers stay separate on purpose: each reads its own static final VarHandle, which the
 * JIT compiles to a field load; one shared reader taking the handle as an argument cost the sampler
 * thread more instructions with assertions (benchmarks/RESULTS.md).
 */
final class ResultLists {
  private static final VarHandle ASSERTIONS = field("assertionResults");
  private static final VarHandle SUB_RESULTS = field("subResults");

  private ResultLists() {}

  /** The result's assertion results, in the order they were added; never null. */
  @SuppressWarnings("unchecked")
  static List<AssertionResult> assertions(SampleResult r) {
    if (ASSERTIONS == null) {
      return Arrays.asList(r.getAssertionResults());
    }
    List<AssertionResult> list = (List<AssertionResult>) ASSERTIONS.get(r);
    return list == null ? List.of() : list;
  }

  /** The result's sub-results, in the order they were added; never null. */
  @SuppressWarnings("unchecked")
  static List<SampleResult> subResults(SampleResult r) {
    if (SUB_RESULTS == null) {
      return Arrays.asList(r.getSubResults());
    }
    List<SampleResult> list = (List<SampleResult>) SUB_RESULTS.get(r);
    return list == null ? List.of() : list;
  }

  /** The private {@code List} field {@code name} of SampleResult, or null where it is missing. */
  static VarHandle field(String name) {
    try {
      return MethodHandles.privateLookupIn(SampleResult.class, MethodHandles.lookup())
          .findVarHandle(SampleResult.class, name, List.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
