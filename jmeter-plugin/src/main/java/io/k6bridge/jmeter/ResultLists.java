package io.k6bridge.jmeter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.samplers.SampleResult;

/**
 * A result's assertion results and sub-results, read in place. JMeter's getters copy the list into a
 * new array on every call: on the sampler thread, for every result with assertions, that copy was
 * the translator's only allocation and about a tenth of its cost (profiled). So the lists are read
 * from the fields JMeter 5.6 keeps them in; a JMeter without those fields is read through the
 * getters. The translator only reads the lists, on the thread that filled them.
 */
final class ResultLists {
  private static final VarHandle ASSERTIONS = field("assertionResults");
  private static final VarHandle SUB_RESULTS = field("subResults");

  private ResultLists() {}

  /** The result's assertion results, in the order they were added; never null. */
  static List<AssertionResult> assertions(SampleResult r) {
    return read(ASSERTIONS, r, SampleResult::getAssertionResults);
  }

  /** The result's sub-results, in the order they were added; never null. */
  static List<SampleResult> subResults(SampleResult r) {
    return read(SUB_RESULTS, r, SampleResult::getSubResults);
  }

  // Inlined into each caller, where 'field' is a constant: the read compiles to a field load.
  @SuppressWarnings("unchecked")
  private static <T> List<T> read(VarHandle field, SampleResult r, Function<SampleResult, T[]> getter) {
    if (field == null) {
      return Arrays.asList(getter.apply(r));
    }
    List<T> list = (List<T>) field.get(r);
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
