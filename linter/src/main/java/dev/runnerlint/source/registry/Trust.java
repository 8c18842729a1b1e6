package dev.runnerlint.source.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificates a registry's TLS certificate may chain to: the JVM's trust store, plus the CAs
 * Docker and podman keep per registry ({@code /etc/docker/certs.d/HOST[:PORT]/*.crt}, {@code
 * /etc/containers/certs.d/HOST[:PORT]/*.crt}), or, when {@code --cert-dir DIR} is given, the {@code
 * *.crt} files in DIR instead of those (as skopeo's {@code --cert-dir}).
 */
public final class Trust {

  /** Docker's and podman's per-registry CA directories. */
  public static final List<Path> DEFAULT_CERTS_D =
      List.of(Path.of("/etc/docker/certs.d"), Path.of("/etc/containers/certs.d"));

  private final List<Path> certsD;
  private final Optional<Path> certDir;
  private final Map<String, SSLSocketFactory> factories = new ConcurrentHashMap<>();
  private final Map<String, List<Path>> caFiles = new ConcurrentHashMap<>();

  /**
   * @param certsD the {@code certs.d} roots to look in (normally {@link #DEFAULT_CERTS_D})
   * @param certDir {@code --cert-dir}: when present, the only place extra CAs come from
   */
  public Trust(List<Path> certsD, Optional<Path> certDir) {
    this.certsD = List.copyOf(certsD);
    this.certDir = certDir;
  }

  /** Where extra CAs for {@code registry} (host[:port]) would be looked for, for messages. */
  public String whereToPutCa(String registry) {
    return certDir
        .map(d -> d + "/*.crt")
        .orElseGet(
            () ->
                certsD.isEmpty() ? "--cert-dir DIR" : certsD.get(0).resolve(registry) + "/ca.crt");
  }

  /** The CA files used for {@code registry} beside the JVM's trust store. */
  public List<Path> caFiles(String registry) throws RegistryException {
    List<Path> cached = caFiles.get(registry);
    if (cached != null) {
      return cached;
    }
    List<Path> dirs = new ArrayList<>();
    if (certDir.isPresent()) {
      dirs.add(certDir.get());
    } else {
      for (Path root : certsD) {
        dirs.add(root.resolve(registry));
      }
    }
    List<Path> files = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(p -> p.getFileName().toString().endsWith(".crt")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new RegistryException(
            RegistryException.Reason.TLS, "cannot list CA directory " + dir + ": " + e, e);
      }
    }
    caFiles.put(registry, List.copyOf(files));
    return List.copyOf(files);
  }

  /** The socket factory for TLS to {@code registry} (host[:port]), verifying certificates. */
  public SSLSocketFactory socketFactory(String registry) throws RegistryException {
    SSLSocketFactory f = factories.get(registry);
    if (f != null) {
      return f;
    }
    List<Path> files = caFiles(registry);
    try {
      SSLContext context;
      if (files.isEmpty()) {
        context = SSLContext.getDefault();
      } else {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        TrustManagerFactory jvm =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((KeyStore) null);
        int i = 0;
        for (TrustManager tm : jvm.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            for (X509Certificate c : x.getAcceptedIssuers()) {
              store.setCertificateEntry("jvm-" + i++, c);
            }
          }
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (Path file : files) {
          try (InputStream in = Files.newInputStream(file)) {
            int n = 0;
            for (Certificate c : cf.generateCertificates(in)) {
              store.setCertificateEntry(file + "#" + n++, c);
            }
            if (n == 0) {
              throw new RegistryException(
                  RegistryException.Reason.TLS, "CA file " + file + " holds no certificate");
            }
          }
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
      }
      f = context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new RegistryException(
          RegistryException.Reason.TLS,
          "cannot load the CA certificates for " + registry + " (" + files + "): " + e.getMessage(),
          e);
    }
    factories.put(registry, f);
    return f;
  }

  /** A factory that accepts any certificate: only for {@code --insecure-registry} and loopback. */
  public static SSLSocketFactory trustingEverything() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          new SecureRandom());
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
