package io.k6bridge.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every per-sample listener benchmark shares, so their figures compare: ns per
 * sample over {@link SyntheticSamples#COUNT} samples per invocation, 2 forks with a fixed heap, 3
 * warm-up and 3 measured iterations of 2 s. JMH reads these from the superclass.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@OperationsPerInvocation(SyntheticSamples.COUNT)
public abstract class PerSampleBenchmark {}
