package io.k6bridge.ingest;

import java.util.Objects;

/**
 * What decides a request's tag set, as a tool reports the request, before k6's formatting ({@link
 * io.k6bridge.k6.K6Series}): a tool thread's reusable probe per kind ({@link SeriesCache}). A probe
 * is only ever filled with its kind's fields, so the others stay at their defaults without being
 * cleared.
 */
public final class RequestKey implements SeriesCache.Key<RequestKey> {
  public static final int HTTP = 1;
  public static final int OTHER = 2;
  public static final int CHECK = 3;
  public static final int GROUP = 4;

  public final int kind;
  public String label;
  public String method;
  public String protocol;
  public String host;
  public int port;
  public String file;
  public String userInfo;
  public String responseCode;
  public int errorCode;
  public int proto;
  public String group;
  public String scenario;
  private int hash;

  /** A probe of this kind; its caller sets the kind's fields, then calls {@link #sealIn}. */
  public RequestKey(int kind) {
    this.kind = kind;
  }

  /** Sets the fields every kind has and seals the key: the last step of filling a probe. */
  public RequestKey sealIn(String group, String scenario) {
    this.group = group;
    this.scenario = scenario;
    return seal();
  }

  /**
   * Hashes the fields that usually tell two series apart. Method, protocol, host and user info are
   * left out: they rarely differ where label, path and status agree, and {@link #matches} compares
   * them anyway. Strings a tool builds per result (path, status) have no cached hash, so each one
   * hashed costs a pass over its characters on the tool thread.
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
