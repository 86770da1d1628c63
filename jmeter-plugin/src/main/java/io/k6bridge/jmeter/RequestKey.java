package io.k6bridge.jmeter;

import io.k6bridge.ingest.SeriesCache;
import java.util.Objects;

/**
 * What decides a JMeter sample's tag set: a sampler thread's reusable probe per kind ({@link
 * SeriesCache}). A probe is only ever filled with its kind's fields, so the others stay at their
 * defaults without being cleared.
 */
final class RequestKey implements SeriesCache.Key<RequestKey> {
  static final int HTTP = 1;
  static final int OTHER = 2;
  static final int CHECK = 3;
  static final int GROUP = 4;

  final int kind;
  String label;
  String method;
  String protocol;
  String host;
  int port;
  String file;
  String userInfo;
  String responseCode;
  int errorCode;
  int proto;
  String group;
  String scenario;
  private int hash;

  /** A probe of this kind; its caller sets the kind's fields, then calls {@link #sealIn}. */
  RequestKey(int kind) {
    this.kind = kind;
  }

  /** Sets the fields every kind has and seals the key: the last step of filling a probe. */
  RequestKey sealIn(String group, String scenario) {
    this.group = group;
    this.scenario = scenario;
    return seal();
  }

  /**
   * Hashes the fields that usually tell two series apart. Method, protocol, host and user info are
   * left out: they rarely differ where label, path and status agree, and {@link #matches} compares
   * them anyway. Strings JMeter builds per sample (path, status) have no cached hash, so each one
   * hashed costs a pass over its characters on the sampler thread.
   */
  private RequestKey seal() {
    int h = kind;
    h = 31 * h + Objects.hashCode(label);
    h = 31 * h + Objects.hashCode(file);
    h = 31 * h + Objects.hashCode(responseCode);
    h = 31 * h + 961 * port + 31 * errorCode + proto;
    h = 31 * h + Objects.hashCode(group);
    h = 31 * h + Objects.hashCode(scenario);
    hash = h ^ (h >>> 16);
    return this;
  }

  @Override
  public int hash() {
    return hash;
  }

  @Override
  public boolean matches(RequestKey o) {
    return kind == o.kind
        && port == o.port
        && errorCode == o.errorCode
        && proto == o.proto
        && Objects.equals(label, o.label)
        && Objects.equals(responseCode, o.responseCode)
        && Objects.equals(file, o.file)
        && Objects.equals(host, o.host)
        && Objects.equals(method, o.method)
        && Objects.equals(protocol, o.protocol)
        && Objects.equals(userInfo, o.userInfo)
        && Objects.equals(group, o.group)
        && Objects.equals(scenario, o.scenario);
  }

  @Override
  public RequestKey copy() {
    RequestKey k = new RequestKey(kind);
    k.label = label;
    k.method = method;
    k.protocol = protocol;
    k.host = host;
    k.port = port;
    k.file = file;
    k.userInfo = userInfo;
    k.responseCode = responseCode;
    k.errorCode = errorCode;
    k.proto = proto;
    k.group = group;
    k.scenario = scenario;
    k.hash = hash;
    return k;
  }
}
