package io.k6bridge.output.plugin;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * gRPC calls to a plug-in's server: HTTP/2 without TLS (prior knowledge), each message framed with
 * gRPC's 5-byte prefix, the status read from the trailers (or the headers of a trailers-only
 * answer). OkHttp, already bundled for the remote outputs, carries them, so hosting plug-ins adds
 * no gRPC library to the jars. One connection, as go-plugin's client keeps.
 */
final class GrpcChannel implements Closeable {
  private static final MediaType GRPC = MediaType.get("application/grpc");

  private final OkHttpClient client;
  private final String base;

  GrpcChannel(String host, int port) {
    this.client =
        new OkHttpClient.Builder()
            .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
            .retryOnConnectionFailure(false)
            .readTimeout(Duration.ZERO)
            .build();
    this.base = "http://" + host + ":" + port + "/";
  }

  /** A call that failed: its gRPC status code and message, or the transport's failure. */
  static final class GrpcException extends IOException {
    private static final long serialVersionUID = 1L;

    GrpcException(String message) {
      super(message);
    }
  }

  /**
   * A unary call.
   *
   * @param method such as {@code xk6_output_plugin.output.Output/Init}
   * @param timeout the call's deadline, also sent to the server as {@code grpc-timeout}
   */
  <T> T call(String method, MessageLite request, Parser<T> parser, Duration timeout)
      throws IOException {
    return call(method, request.toByteArray(), parser, timeout);
  }

  /** A unary call with a request already encoded. */
  <T> T call(String method, byte[] request, Parser<T> parser, Duration timeout) throws IOException {
    Call call = client.newCall(request(method, request, timeout));
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      byte[] body = response.body() == null ? new byte[0] : response.body().bytes();
      boolean trailersOnly = response.header("grpc-status") != null;
      status(method, response, trailersOnly ? response.headers() : response.trailers());
      if (body.length < 5) {
        throw new GrpcException(method + ": the answer has no message");
      }
      return parser.parseFrom(body, 5, ByteBuffer.wrap(body, 1, 4).getInt());
    }
  }

  /**
   * A server-streaming call, read until the server ends it; each message's bytes go to {@code
   * messages}. No deadline: it lasts as long as the plug-in.
   */
  void stream(String method, MessageLite request, Consumer<byte[]> messages) throws IOException {
    Call call = client.newCall(request(method, request.toByteArray(), null));
    try (Response response = call.execute()) {
      if (response.header("grpc-status") != null) {
        status(method, response, response.headers());
      }
      InputStream in = response.body().byteStream();
      byte[] prefix = new byte[5];
      while (in.readNBytes(prefix, 0, 5) == 5) {
        int length = ByteBuffer.wrap(prefix, 1, 4).getInt();
        messages.accept(in.readNBytes(length));
      }
      status(method, response, response.trailers());
    }
  }

  private Request request(String method, byte[] bytes, Duration timeout) {
    ByteBuffer framed = ByteBuffer.allocate(5 + bytes.length);
    framed.put((byte) 0).putInt(bytes.length).put(bytes);
    Request.Builder b =
        new Request.Builder()
            .url(base + method)
            .header("te", "trailers")
            .post(RequestBody.create(framed.array(), GRPC));
    if (timeout != null) {
      b.header("grpc-timeout", Math.max(1, timeout.toMillis()) + "m");
    }
    return b.build();
  }

  private static void status(String method, Response response, Headers where) throws IOException {
    if (response.code() != 200) {
      throw new GrpcException(method + ": HTTP status " + response.code());
    }
    String status = where.get("grpc-status");
    if (status == null || status.equals("0")) {
      return;
    }
    String message = where.get("grpc-message");
    throw new GrpcException(
        method
            + ": "
            + codeName(status)
            + (message == null ? "" : " " + URLDecoder.decode(message, StandardCharsets.UTF_8)));
  }

  /** gRPC's name for a status code, as the SDKs' errors show it. */
  static String codeName(String code) {
    String[] names = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED"
    };
    try {
      int c = Integer.parseInt(code);
      return c >= 0 && c < names.length ? names[c] : code;
    } catch (NumberFormatException e) {
      return code;
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
