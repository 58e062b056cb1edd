package io.feedpipe.kafka.embedded;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker's TLS material: a PKCS12 key store holding a self-signed certificate for 127.0.0.1
 * (subject alternative name {@code IP:127.0.0.1}), and a PKCS12 trust store holding that
 * certificate, which clients give as {@code ssl.truststore.location}. One password for both.
 *
 * @param keyStore the broker's key and certificate
 * @param trustStore the certificate alone, for clients
 * @param password of both stores and of the key
 */
public record BrokerTls(Path keyStore, Path trustStore, String password) {
  public BrokerTls {
    requireNonNull(keyStore, "keyStore");
    requireNonNull(trustStore, "trustStore");
    requireNonNull(password, "password");
  }

  /**
   * Generates a fresh key pair and self-signed certificate (valid two days) into {@code dir} with
   * the JDK's {@code keytool}, as a test would before starting a TLS broker.
   *
   * @throws IllegalStateException when keytool fails
   */
  public static BrokerTls generate(Path dir) {
    requireNonNull(dir, "dir");
    String password = "feedpipe-" + Long.toHexString(System.nanoTime());
    Path keyStore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.crt");
    Path trustStore = dir.resolve("truststore.p12");
    try {
      Files.createDirectories(dir);
      for (Path p : List.of(keyStore, certificate, trustStore)) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir + " for the broker's TLS material", e);
    }
    keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", password,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", password);
    return new BrokerTls(keyStore, trustStore, password);
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
