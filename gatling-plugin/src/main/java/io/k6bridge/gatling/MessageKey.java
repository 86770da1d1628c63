package io.k6bridge.gatling;

import io.k6bridge.ingest.SeriesCache;
import java.util.Objects;
import scala.collection.immutable.List;

/**
 * What decides the series of a Response or Group message: an event-loop thread's reusable probe
 * ({@link SeriesCache}). Gatling builds a new response-code string and group list for many
 * messages.
 */
final class MessageKey implements SeriesCache.Key<MessageKey> {
  String scenario;
  List<?> groups;
  String name;
  String code;
  int errorCode;
  private int hash;

  MessageKey set(String scenario, List<?> groups, String name, String code, int errorCode) {
    this.scenario = scenario;
    this.groups = groups;
    this.name = name;
    this.code = code;
    this.errorCode = errorCode;
    int h = Objects.hashCode(scenario);
    for (List<?> l = groups; !l.isEmpty(); l = (List<?>) l.tail()) {
      h = 31 * h + l.head().hashCode();
    }
    h = 31 * h + Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(code);
    hash = 31 * h + errorCode;
    return this;
  }

  @Override
  public MessageKey copy() {
    return new MessageKey().set(scenario, groups, name, code, errorCode);
  }

  @Override
  public int hash() {
    return hash;
  }

  @Override
  public boolean matches(MessageKey k) {
    return errorCode == k.errorCode
        && Objects.equals(name, k.name)
        && Objects.equals(code, k.code)
        && Objects.equals(scenario, k.scenario)
        && sameGroups(groups, k.groups);
  }

  /** Element-wise, without the iterator Scala's equals would allocate. */
  private static boolean sameGroups(List<?> a, List<?> b) {
    while (a != b) { // Nil is a singleton: two ended lists are identical
      if (a.isEmpty() || b.isEmpty() || !a.head().equals(b.head())) {
        return false;
      }
      a = (List<?>) a.tail();
      b = (List<?>) b.tail();
    }
    return true;
  }

  /** k6's group path: {@code ""} for the root, {@code ::outer::inner}. */
  static String path(List<?> groups) {
    StringBuilder s = new StringBuilder();
    for (List<?> l = groups; !l.isEmpty(); l = (List<?>) l.tail()) {
      s.append("::").append(l.head());
    }
    return s.toString();
  }
}
