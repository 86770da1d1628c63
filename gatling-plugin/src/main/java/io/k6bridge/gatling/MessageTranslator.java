package io.k6bridge.gatling;

import io.k6bridge.engine.UserCount;
import io.k6bridge.gatling.GatlingSeries.ResponseSeries;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.ingest.SeriesCache;
import io.k6bridge.metrics.Series;
import scala.Option;
import scala.collection.immutable.List;

/**
 * Turns Gatling's stats messages into k6 samples on the event-loop thread that logged them. Owned
 * by one thread: its caches need no locks, and once a tag combination has been seen a message is
 * translated without allocating (caches probed with a reusable key; accessors that do not box).
 *
 * <p>Samples are stamped with the message's own time (a Response's end, as k6 stamps a request when
 * it ends).
 */
final class MessageTranslator {
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final String OK = "OK";

  private final GatlingInternals in;
  private final GatlingSeries factory;
  private final SampleWriter writer;
  private final UserCount users;
  private final MessageKey probe = new MessageKey();
  private final SeriesCache<MessageKey, ResponseSeries> responses;
  private final SeriesCache<MessageKey, Series> groups;
  private final double[] responseValues = new double[ResponseSeries.COUNT];

  MessageTranslator(
      GatlingInternals in, GatlingSeries factory, SampleWriter writer, UserCount users) {
    this.in = in;
    this.factory = factory;
    this.writer = writer;
    this.users = users;
    responses = new SeriesCache<>(factory::response, factory::full);
    groups = new SeriesCache<>(factory::group, factory::full);
  }

  /**
   * Translates one message; messages the bridge has no k6 meaning for (Init, Flush) are ignored.
   */
  void translate(Object m) throws Throwable {
    Class<?> c = m.getClass();
    if (c == in.response) {
      response(m);
    } else if (c == in.user) {
      user(m);
    } else if (c == in.group) {
      group(m);
    } else if (c == in.error) {
      error(m);
    }
  }

  private void response(Object m) throws Throwable {
    String scenario = (String) in.responseScenario.invokeExact(m);
    List<?> groupList = (List<?>) in.responseGroups.invokeExact(m);
    String name = (String) in.responseName.invokeExact(m);
    long start = (long) in.responseStart.invokeExact(m);
    long end = (long) in.responseEnd.invokeExact(m);
    Object status = (Object) in.responseStatus.invokeExact(m);
    Option<?> codeOption = (Option<?>) in.responseCode.invokeExact(m);
    String code = codeOption.isEmpty() ? null : (String) codeOption.get();
    boolean ok = OK.equals(status.toString());

    // checks: 1 for OK, 0 for a KO caused by a check, nothing for a transport error.
    boolean checked = ok || code != null;
    int errorCode = 0;
    if (!checked) {
      Option<?> messageOption = (Option<?>) in.responseMessage.invokeExact(m);
      String message = messageOption.isEmpty() ? null : (String) messageOption.get();
      checked = FailureKind.isCheckMessage(message);
      if (!checked) {
        errorCode = FailureKind.transportCode(message);
      }
    }

    ResponseSeries s = responses.get(probe.set(scenario, groupList, name, code, errorCode));
    double[] v = responseValues;
    v[ResponseSeries.REQS] = 1;
    v[ResponseSeries.DURATION] = end - start;
    v[ResponseSeries.FAILED] = s.failedValue();
    v[ResponseSeries.CHECKS] = ok ? 1 : 0;
    // One hand-off for the response's samples, kept or dropped together.
    writer.record(checked ? s.checked() : s.unchecked(), end * NANOS_PER_MILLI, v);
  }

  /** A user is one k6 iteration: its end counts one in its scenario. */
  private void user(Object m) throws Throwable {
    boolean start = (boolean) in.userStart.invokeExact(m);
    if (start) {
      users.started();
      IterationTiming.startLogged((long) in.userTimestamp.invokeExact(m));
      return;
    }
    users.ended();
    String scenario = (String) in.userScenario.invokeExact(m);
    long t = (long) in.userTimestamp.invokeExact(m);
    writer.record(factory.iterations(scenario), t * NANOS_PER_MILLI, 1);
  }

  /** One user journey's iteration_duration, stamped with its end as k6 stamps an iteration. */
  void iteration(String scenario, long startMillis, long endMillis) {
    Series s = factory.iterationDuration(scenario);
    writer.record(s, endMillis * NANOS_PER_MILLI, endMillis - startMillis);
  }

  private void group(Object m) throws Throwable {
    String scenario = (String) in.groupScenario.invokeExact(m);
    List<?> groupList = (List<?>) in.groupGroups.invokeExact(m);
    long start = (long) in.groupStart.invokeExact(m);
    long end = (long) in.groupEnd.invokeExact(m);
    Series s = groups.get(probe.set(scenario, groupList, null, null, 0));
    writer.record(s, end * NANOS_PER_MILLI, end - start);
  }

  private void error(Object m) throws Throwable {
    String message = (String) in.errorMessage.invokeExact(m);
    long t = (long) in.errorTimestamp.invokeExact(m);
    writer.record(factory.error(message), t * NANOS_PER_MILLI, 1);
  }
}
