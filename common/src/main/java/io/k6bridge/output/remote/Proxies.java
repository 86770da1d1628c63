package io.k6bridge.output.remote;

import io.k6bridge.config.ConfigException;
import io.k6bridge.secret.Secrets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The proxy remote write goes through. As k6 (Go's net/http): {@code HTTPS_PROXY} for https
 * endpoints, {@code HTTP_PROXY} for http ones (or their lower-case spellings), as {@code
 * [http://|socks5://][user:password@]host[:port]}, with {@code NO_PROXY}'s exceptions (host names
 * with their subdomains, {@code .domain} for subdomains only, {@code host:port}, IPs, CIDR ranges,
 * {@code *}) and never for loopback. Without them, the JVM's own proxy properties ({@code
 * https.proxyHost}, {@code http.proxyHost}, {@code http.nonProxyHosts}). A password is a secret:
 * masked wherever k6bridge logs.
 */
final class Proxies {
  private Proxies() {}

  /** Sets {@code b}'s proxy from {@code env}, or leaves the JVM's (OkHttp's default). */
  static void applyTo(
      OkHttpClient.Builder b, boolean https, Map<String, String> env, Secrets secrets) {
    String key = https ? "HTTPS_PROXY" : "HTTP_PROXY";
    String value = variable(env, key);
    if (value == null || value.isEmpty()) {
      return;
    }
    URI uri = parse(key, value);
    Proxy.Type type = uri.getScheme().equals("socks5") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
    int port = uri.getPort() > 0 ? uri.getPort() : type == Proxy.Type.SOCKS ? 1080 : 80;
    Proxy proxy = new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port));
    List<String> noProxy = noProxy(variable(env, "NO_PROXY"));
    b.proxySelector(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI target) {
            return List.of(
                bypass(target.getHost(), target.getPort(), noProxy) ? Proxy.NO_PROXY : proxy);
          }

          @Override
          public void connectFailed(URI target, SocketAddress address, IOException e) {}
        });
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && type == Proxy.Type.HTTP) {
      String credentials =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(decode(userInfo).getBytes(StandardCharsets.UTF_8));
      secrets.add(credentials);
      secrets.add(decode(userInfo));
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        secrets.add(decode(userInfo.substring(colon + 1)));
      }
      b.proxyAuthenticator(
          (route, response) ->
              response.request().header("Proxy-Authorization") != null
                  ? null // refused once: do not loop
                  : response
                      .request()
                      .newBuilder()
                      .header("Proxy-Authorization", credentials)
                      .build());
    }
  }

  /** Go's getEnvAny: the upper-case spelling first. */
  private static String variable(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null ? v : env.get(name.toLowerCase(Locale.ROOT));
  }

  private static URI parse(String key, String value) {
    String v = value.contains("://") ? value : "http://" + value;
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("socks5")) || uri.getHost() == null) {
        throw new IllegalArgumentException("scheme " + scheme);
      }
      return uri;
    } catch (Exception e) {
      throw new ConfigException(
          key,
          "invalid "
              + key
              + " (environment): accepted is [http://|socks5://][user:password@]host[:port]");
    }
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static List<String> noProxy(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String entry : value.split(",")) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (!e.isEmpty()) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** Go's httpproxy useProxy, negated: loopback and NO_PROXY's entries go direct. */
  static boolean bypass(String host, int port, List<String> noProxy) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || isLoopbackLiteral(h)) {
      return true;
    }
    for (String e : noProxy) {
      if (e.equals("*")) {
        return true;
      }
      String entryHost = e;
      int entryPort = -1;
      int colon = e.lastIndexOf(':');
      if (colon > 0
          && e.indexOf(':') == colon
          && e.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        entryHost = e.substring(0, colon);
        entryPort = Integer.parseInt(e.substring(colon + 1));
      }
      if (entryPort > 0 && entryPort != port) {
        continue;
      }
      if (e.contains("/") ? inCidr(h, e) : matches(h, entryHost)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String host, String entry) {
    if (entry.startsWith(".")) {
      return host.endsWith(entry); // subdomains only
    }
    if (entry.startsWith("*.")) {
      return host.endsWith(entry.substring(1));
    }
    return host.equals(entry) || host.endsWith("." + entry);
  }

  private static boolean isLoopbackLiteral(String host) {
    byte[] ip = ipLiteral(host);
    return ip != null && (ip.length == 4 ? ip[0] == 127 : isIpv6Loopback(ip));
  }

  private static boolean isIpv6Loopback(byte[] ip) {
    for (int i = 0; i < 15; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[15] == 1;
  }

  /** {@code cidr} ("10.0.0.0/8") holds {@code host} when both are IP literals of one family. */
  private static boolean inCidr(String host, String cidr) {
    int slash = cidr.indexOf('/');
    byte[] h = ipLiteral(host);
    byte[] net = ipLiteral(cidr.substring(0, slash));
    int bits;
    try {
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (h == null || net == null || h.length != net.length || bits < 0 || bits > h.length * 8) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((h[i / 8] & mask) != (net[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** An IPv4 or IPv6 literal's bytes, or null for anything else: never a name lookup. */
  private static byte[] ipLiteral(String s) {
    boolean v4 = s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9a-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress(); // a literal, so parsed, not looked up
    } catch (IOException e) {
      return null;
    }
  }
}
