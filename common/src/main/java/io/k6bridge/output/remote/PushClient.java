package io.k6bridge.output.remote;

import io.k6bridge.secret.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends one write (a remote-write request, a batch of line protocol) to a network output's receiver
 * and classifies the answer: delivered, worth retrying (429, 5xx, no answer) or refused. Blocking:
 * only the output's push thread calls it. Not final so that tests can make {@link #send} fail the
 * way an unexpected runtime fault would.
 */
public class PushClient implements AutoCloseable {
  /** k6's per-request timeout (remote/client.go). */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static final int MAX_MESSAGE = 512;

  /**
   * What every request of one output carries besides its body and the endpoint's headers.
   *
   * @param mediaType the body's Content-Type
   * @param headers fixed headers, such as User-Agent and Content-Encoding
   */
  public record Format(String mediaType, Map<String, String> headers) {}

  private final Endpoint endpoint;
  private final MediaType mediaType;
  private final Map<String, String> fixedHeaders;
  private final Secrets secrets;
  private final OkHttpClient http;

  /** A client that masks only this endpoint's own secrets in what receivers answer. */
  public PushClient(Endpoint endpoint, Format format) {
    this(endpoint, format, new Secrets());
  }

  /**
   * @param secrets the run's secrets; the endpoint's own forms are added, and every receiver
   *     message is masked with all of them
   */
  public PushClient(Endpoint endpoint, Format format, Secrets secrets) {
    this(endpoint, format, secrets, System.getenv());
  }

  /** A client whose proxy comes from {@code environment}'s proxy variables ({@link Proxies}). */
  public static PushClient withEnvironment(
      Endpoint endpoint, Format format, Secrets secrets, Map<String, String> environment) {
    return new PushClient(endpoint, format, secrets, environment);
  }

  /**
   * @param environment where k6's proxy variables are read ({@link Proxies})
   */
  PushClient(Endpoint endpoint, Format format, Secrets secrets, Map<String, String> environment) {
    this.endpoint = endpoint;
    this.mediaType = MediaType.get(format.mediaType());
    this.fixedHeaders = Map.copyOf(format.headers());
    this.secrets = secrets;
    endpoint.secretForms().forEach(secrets::add);
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .callTimeout(REQUEST_TIMEOUT)
            .connectTimeout(REQUEST_TIMEOUT)
            .readTimeout(REQUEST_TIMEOUT)
            .writeTimeout(REQUEST_TIMEOUT)
            // Retries are ours, with backoff; OkHttp's silent one would resend without it.
            .retryOnConnectionFailure(false)
            .followRedirects(false);
    Proxies.applyTo(b, endpoint.url().isHttps(), environment, secrets);
    if (endpoint.url().isHttps()) {
      endpoint.tls().applyTo(b);
    } else {
      // Cleartext only, so OkHttp does not set up TLS it will never use: a client that set it up
      // (its platform trust manager and socket factory), even one that never sent a request, made
      // JMeter's sampler threads slower for the whole run (benchmarks/RESULTS.md).
      b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    this.http = b.build();
  }

  /** Whether this client can speak TLS: only for an https:// endpoint. */
  boolean speaksTls() {
    return http.connectionSpecs().stream().anyMatch(ConnectionSpec::isTls);
  }

  /** What became of one write. */
  public static final class Outcome {
    /** Delivered (2xx). */
    public final boolean delivered;

    /** Worth sending again: 429, 5xx, or no answer at all. */
    public final boolean retryable;

    /** HTTP status, or 0 when the request failed without an answer. */
    public final int status;

    /** The receiver's message or the I/O error; empty when delivered. */
    public final String message;

    Outcome(boolean delivered, boolean retryable, int status, String message) {
      this.delivered = delivered;
      this.retryable = retryable;
      this.status = status;
      this.message = message;
    }

    @Override
    public String toString() {
      return status == 0 ? message : "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
    }
  }

  /**
   * POSTs {@code body} (already encoded and compressed as the format says), waiting at most {@code
   * timeout} (capped at {@link #REQUEST_TIMEOUT}).
   */
  public Outcome send(byte[] body, Duration timeout) {
    Request.Builder r =
        new Request.Builder().url(endpoint.url()).post(RequestBody.create(body, mediaType));
    fixedHeaders.forEach(r::header);
    for (Map.Entry<String, String> h : endpoint.headers().entrySet()) {
      r.header(h.getKey(), h.getValue());
    }
    long millis = Math.max(1, Math.min(timeout.toMillis(), REQUEST_TIMEOUT.toMillis()));
    OkHttpClient client =
        millis == REQUEST_TIMEOUT.toMillis()
            ? http
            : http.newBuilder().callTimeout(millis, TimeUnit.MILLISECONDS).build();
    try (Response response = client.newCall(r.build()).execute()) {
      int status = response.code();
      if (status >= 200 && status < 300) {
        return new Outcome(true, false, status, "");
      }
      return new Outcome(false, status == 429 || status >= 500, status, message(response));
    } catch (IOException e) {
      // The exception text names host and port only: OkHttp never prints headers or user info.
      return new Outcome(
          false,
          true,
          0,
          secrets.foreign(e.getClass().getSimpleName() + ": " + e.getMessage(), MAX_MESSAGE));
    }
  }

  /**
   * The receiver's answer, read only up to the cut (a huge or endless body is never buffered),
   * masked and stripped of control characters: receivers such as proxies echo request headers.
   */
  private String message(Response response) {
    try {
      // A secret straddling the cut is still masked: the extra bytes hold its rest.
      ResponseBody head = response.peekBody(MAX_MESSAGE * 4L);
      String text = head.string().trim();
      return secrets.foreign(text, MAX_MESSAGE);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public String toString() {
    return endpoint.toString();
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
