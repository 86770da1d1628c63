package io.k6bridge.telemetry;

import java.io.Serializable;

/**
 * One reading of a JVM's health, as {@link HealthProbe} takes it. Counters are the JVM's or the
 * machine's totals, so readings taken elsewhere (a JMeter engine's) can be sent, merged or skipped
 * and still give exact deltas. Serializable: JMeter's engines send theirs to the controller.
 *
 * @param cpuProcess fraction (0 to 1) of all CPUs this JVM used since the previous reading, -1 if
 *     unknown
 * @param cpuMachine the same for everything on the machine, -1 if unknown
 * @param heapMax the heap's limit, -1 if none
 * @param gcMillis time in garbage collection since the JVM started
 * @param netSent bytes the machine sent (all interfaces but loopback), -1 if unknown
 * @param netReceived bytes it received, -1 if unknown
 */
public record HealthReading(
    double cpuProcess,
    double cpuMachine,
    long heapUsed,
    long heapCommitted,
    long heapMax,
    long gcMillis,
    int threads,
    long netSent,
    long netReceived)
    implements Serializable {

  /** This reading with its CPU unknown: taken too soon after the last to say anything of it. */
  public HealthReading withoutCpu() {
    return new HealthReading(
        -1, -1, heapUsed, heapCommitted, heapMax, gcMillis, threads, netSent, netReceived);
  }
}
