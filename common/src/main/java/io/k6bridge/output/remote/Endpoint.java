package io.k6bridge.output.remote;

import io.k6bridge.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;

/**
 * Where writes go and how they authenticate: URL, basic auth or bearer token, extra headers, TLS.
 * Immutable. {@link #toString()} is safe to log: user info is masked and no header value appears.
 */
public final class Endpoint {
  private final HttpUrl url;
  private final String shown;
  private final Map<String, String> headers;
  private final ClientTls tls;

  private Endpoint(HttpUrl url, Map<String, String> headers, ClientTls tls) {
    this.url = url;
    this.shown = redact(url.toString());
    this.headers = Map.copyOf(headers);
    this.tls = tls;
  }

  /**
   * Validates the URL and assembles the request headers. Credentials in the URL's user info are
   * used for basic authentication when no username is configured, as Go's HTTP client does for k6.
   *
   * @param example a URL of the receiver's kind, for the message about a bad one
   * @throws ConfigException for a URL that is not http(s); the message masks user info
   */
  public static Endpoint create(
      String example,
      String urlKey,
      String rawUrl,
      String source,
      String username,
      String password,
      String bearerToken,
      Map<String, String> extraHeaders,
      ClientTls tls) {
    HttpUrl url = HttpUrl.parse(rawUrl.trim());
    if (url == null) {
      throw new ConfigException(
          urlKey,
          "invalid "
              + urlKey
              + "='"
              + redact(rawUrl)
              + "' from "
              + source
              + ": accepted is an http:// or https:// URL such as "
              + example);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : extraHeaders.entrySet()) {
      headers.put(h.getKey(), h.getValue());
    }
    String user = username != null ? username : url.username().isEmpty() ? null : url.username();
    String pass = username != null ? password : url.password();
    if (user != null) {
      headers.put("Authorization", Credentials.basic(user, pass == null ? "" : pass));
    }
    if (bearerToken != null && !bearerToken.isEmpty()) {
      headers.put("Authorization", "Bearer " + bearerToken);
    }
    HttpUrl bare = url.newBuilder().username("").password("").build();
    return new Endpoint(bare, headers, tls);
  }

  HttpUrl url() {
    return url;
  }

  /**
   * Every form in which this endpoint sends a secret: whole header values, and the parts of an
   * {@code Authorization} value (the token, the base64 of {@code user:pass} and what it decodes
   * to), so that a receiver's echo of any of them can be masked.
   */
  public List<String> secretForms() {
    List<String> forms = new ArrayList<>();
    for (String value : headers.values()) {
      forms.add(value);
      int space = value.indexOf(' ');
      if (space > 0) {
        String credentials = value.substring(space + 1).trim();
        forms.add(credentials);
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
          try {
            String decoded =
                new String(Base64.getDecoder().decode(credentials), StandardCharsets.ISO_8859_1);
            forms.add(decoded);
            int colon = decoded.indexOf(':');
            if (colon >= 0) {
              forms.add(decoded.substring(colon + 1)); // the password alone
            }
          } catch (IllegalArgumentException e) {
            // Not base64 after all: the whole value and its tail are masked already.
          }
        }
      }
    }
    return forms;
  }

  /** Request headers, credentials included: never log them. */
  public Map<String, String> headers() {
    return headers;
  }

  ClientTls tls() {
    return tls;
  }

  /** Masks anything between "://" and "@" so credentials in a URL never reach a log. */
  static String redact(String url) {
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int slash = url.indexOf('/', start);
    int end = slash < 0 ? url.length() : slash;
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    return url.substring(0, start) + "<redacted>@" + url.substring(at + 1);
  }

  @Override
  public String toString() {
    return shown;
  }
}
