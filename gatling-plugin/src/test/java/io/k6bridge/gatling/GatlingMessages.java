package io.k6bridge.gatling;

import scala.Option;
import scala.collection.immutable.List;

/**
 * Real Gatling stats messages, built through their constructors (javac cannot name the classes).
 */
final class GatlingMessages {
  private GatlingMessages() {}

  static Object response(
      String scenario,
      List<String> groups,
      String name,
      long start,
      long end,
      boolean ok,
      String code,
      String message)
      throws ReflectiveOperationException {
    Class<?> c = Class.forName(GatlingInternals.RESPONSE);
    Object status =
        ok ? io.gatling.commons.stats.OK$.MODULE$ : io.gatling.commons.stats.KO$.MODULE$;
    return c.getConstructors()[0].newInstance(
        scenario, groups, name, start, end, status, Option.apply(code), Option.apply(message));
  }

  static Object user(String scenario, long time, boolean start)
      throws ReflectiveOperationException {
    return Class.forName(GatlingInternals.USER)
        .getConstructors()[0]
        .newInstance(scenario, time, start);
  }

  static Object group(String scenario, List<String> groups, long start, long end)
      throws ReflectiveOperationException {
    return Class.forName(GatlingInternals.GROUP)
        .getConstructors()[0]
        .newInstance(
            scenario,
            groups,
            start,
            end,
            (int) (end - start),
            io.gatling.commons.stats.OK$.MODULE$);
  }

  static Object error(String message, long time) throws ReflectiveOperationException {
    return Class.forName(GatlingInternals.ERROR).getConstructors()[0].newInstance(message, time);
  }

  static Object stop(scala.concurrent.Promise<?> promise) throws ReflectiveOperationException {
    return Class.forName(GatlingInternals.STOP).getConstructors()[0].newInstance(promise);
  }

  @SafeVarargs
  static <T> List<T> list(T... items) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(items)).toList();
  }
}
