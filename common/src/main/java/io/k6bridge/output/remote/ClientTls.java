package io.k6bridge.output.remote;

import io.k6bridge.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;

/**
 * The client side of TLS as k6 configures it: minimum version (1.3 unless "1.2"), optional
 * verification skip, optional client certificate from PEM files. Files are read when created, so a
 * missing or unreadable one fails before load starts.
 */
public final class ClientTls {
  private final boolean insecure;
  private final String minimumVersion;
  private final SSLContext context;
  private final X509TrustManager trust;

  private ClientTls(
      boolean insecure, String minimumVersion, SSLContext context, X509TrustManager trust) {
    this.insecure = insecure;
    this.minimumVersion = minimumVersion;
    this.context = context;
    this.trust = trust;
  }

  /**
   * @param minimumVersion "1.2" or "1.3"
   * @param certificate PEM certificate chain, or null
   * @param key PEM PKCS#8 private key, or null; required with a certificate
   */
  public static ClientTls create(
      boolean insecure,
      String minimumVersion,
      Path certificate,
      String certificateKeyName,
      Path key,
      String keyKeyName) {
    if ((certificate == null) != (key == null)) {
      String missing = certificate == null ? certificateKeyName : keyKeyName;
      throw new ConfigException(
          missing,
          missing
              + " is not set: a client certificate needs both "
              + certificateKeyName
              + " and "
              + keyKeyName);
    }
    if (!insecure && certificate == null) {
      return new ClientTls(false, minimumVersion, null, null);
    }
    try {
      X509TrustManager trust = insecure ? new TrustAll() : systemTrust();
      KeyManagerFactory keys = null;
      if (certificate != null) {
        List<Certificate> chain = readCertificates(certificate, certificateKeyName);
        PrivateKey privateKey = readKey(key, keyKeyName);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", privateKey, new char[0], chain.toArray(new Certificate[0]));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          new TrustManager[] {trust},
          new SecureRandom());
      return new ClientTls(insecure, minimumVersion, context, trust);
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigException(
          certificateKeyName, "cannot set up TLS for the remote write client: " + e.getMessage());
    }
  }

  /** Applies these settings to a client of an https:// endpoint under construction. */
  void applyTo(OkHttpClient.Builder b) {
    TlsVersion[] versions =
        "1.2".equals(minimumVersion)
            ? new TlsVersion[] {TlsVersion.TLS_1_3, TlsVersion.TLS_1_2}
            : new TlsVersion[] {TlsVersion.TLS_1_3};
    ConnectionSpec tls =
        new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(versions).build();
    b.connectionSpecs(List.of(tls));
    if (context != null) {
      b.sslSocketFactory(context.getSocketFactory(), trust);
    }
    if (insecure) {
      b.hostnameVerifier((host, session) -> true);
    }
  }

  private static X509TrustManager systemTrust() throws Exception {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init((KeyStore) null);
    for (TrustManager t : f.getTrustManagers()) {
      if (t instanceof X509TrustManager) {
        return (X509TrustManager) t;
      }
    }
    throw new IllegalStateException("no X509 trust manager");
  }

  private static List<Certificate> readCertificates(Path file, String keyName) throws Exception {
    byte[] pem = read(file, keyName);
    Collection<? extends Certificate> certs =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    if (certs.isEmpty()) {
      throw new ConfigException(keyName, keyName + ": no PEM certificate in " + file);
    }
    return List.copyOf(certs);
  }

  private static PrivateKey readKey(Path file, String keyName) throws Exception {
    String pem = new String(read(file, keyName), StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf("-----END PRIVATE KEY-----");
    if (from < 0 || to < from) {
      // The key's content is a secret: the message names the file, never what is in it.
      throw new ConfigException(
          keyName,
          keyName
              + ": "
              + file
              + " holds no PKCS#8 private key (BEGIN PRIVATE KEY);"
              + " convert it with 'openssl pkcs8 -topk8 -nocrypt'");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (Exception e) {
        // try the next algorithm
      }
    }
    throw new ConfigException(keyName, keyName + ": " + file + " holds no RSA, EC or Ed25519 key");
  }

  private static byte[] read(Path file, String keyName) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(keyName, keyName + ": cannot read " + file + " (" + e + ")");
    }
  }

  /** K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY: the user chose to accept any certificate. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
