package io.k6bridge.itplugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.k6bridge.testplans.LoopbackTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real JMeter Plugins Manager (kg.apc:jmeter-plugins-manager 1.3 with cmdrunner 2.2, from Maven
 * Central) installs k6bridge into a JMeter home without it, from a repository on loopback holding
 * the descriptor the build writes (its download address pointed at the loopback copy of the jar),
 * as a Docker image or CI job would with {@code PluginsManagerCMD.sh install k6bridge}; the manager
 * then lists it, and a plan run with that home writes k6 JSON.
 */
class PluginsManagerIT {
  private static final Path BUILD = Path.of(System.getProperty("k6.target", "target"));
  private static final Path OUT = BUILD.resolve("plugins-manager");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void thePluginsManagerInstallsK6bridgeFromItsDescriptor() throws Exception {
    JsonNode config =
        JSON.readTree(BUILD.resolve("config.json").toFile()).path("configurations").get(0);
    Path configured = Path.of(config.path("jmeterDirectoryPath").asText());
    Path home = OUT.resolve("jmeter");
    Path repo = OUT.resolve("repo");
    deleteRecursively(OUT);
    copyRecursively(configured, home);
    Files.createDirectories(repo);
    // A JMeter home as downloaded: k6bridge out of lib/ext, the manager in.
    try (Stream<Path> ext = Files.list(home.resolve("lib/ext"))) {
      for (Path jar : ext.filter(p -> p.getFileName().toString().startsWith("k6bridge")).toList()) {
        if (jar.getFileName().toString().startsWith("k6bridge-jmeter")) {
          Files.copy(jar, repo.resolve(jar.getFileName()));
        }
        Files.delete(jar);
      }
    }
    Path manager = Path.of(System.getProperty("k6.pm.manager"));
    Files.copy(manager, home.resolve("lib/ext").resolve(manager.getFileName()));
    Path cmdrunner = Path.of(System.getProperty("k6.pm.cmdrunner"));
    Files.copy(cmdrunner, home.resolve("lib").resolve(cmdrunner.getFileName()));
    // The installer writes bin/PluginsManagerCMD.sh next to the home its own jar is in.
    Path installed = home.resolve("lib/ext").resolve(manager.getFileName());
    run(
        home,
        "installer",
        List.of(
            java(),
            "-cp",
            installed.toString(),
            "org.jmeterplugins.repository.PluginManagerCMDInstaller"),
        null);

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file = repo.resolve(exchange.getRequestURI().getPath().substring(1));
          byte[] body = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
          exchange.sendResponseHeaders(
              body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      JsonNode descriptor = JSON.readTree(Path.of(System.getProperty("k6.pm.descriptor")).toFile());
      JsonNode version = descriptor.get(0).path("versions").fields().next().getValue();
      String jarName = Path.of(version.path("downloadUrl").asText()).getFileName().toString();
      assertTrue(Files.exists(repo.resolve(jarName)), jarName + " is the jar the build made");
      ((ObjectNode) version).put("downloadUrl", base + jarName);
      Files.writeString(repo.resolve("repo.json"), JSON.writeValueAsString(descriptor));
      String jvmArgs = "-Djpgc.repo.address=" + base + "repo.json -Djpgc.repo.sendstats=false";

      String install =
          run(
              home,
              "install",
              List.of("sh", "bin/PluginsManagerCMD.sh", "install", "k6bridge"),
              jvmArgs);
      // The manager applies its changes in a process of its own once the command's JVM has ended.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.exists(home.resolve("lib/ext").resolve(jarName))) {
        assertTrue(System.nanoTime() < deadline, "not installed:\n" + install);
        Thread.sleep(200);
      }
      String status =
          run(home, "status", List.of("sh", "bin/PluginsManagerCMD.sh", "status"), jvmArgs);
      assertTrue(
          status.contains("k6bridge=" + descriptor.get(0).path("versions").fieldNames().next()),
          status);
    } finally {
      server.stop(0);
    }

    Path json = OUT.resolve("installed.json");
    try (LoopbackTarget target = LoopbackTarget.start(0, null)) {
      run(
          home,
          "plan",
          List.of(
              java(),
              "-jar",
              home.resolve("bin").resolve(config.path("runtimeJarName").asText()).toString(),
              "-n",
              "-t",
              System.getProperty("k6.plan"),
              "-j",
              OUT.resolve("plan.log").toString(),
              "-Jtarget.port=" + target.port(),
              "-Jduration=2",
              "-JK6_OUT=json=" + json),
          null);
    }
    String k6 = Files.readString(json, StandardCharsets.UTF_8);
    assertTrue(k6.contains("\"metric\":\"http_reqs\""), "k6 JSON from the installed jar");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs {@code cmd} in {@code home}; fails unless it exits 0. Returns its console. */
  private static String run(Path home, String name, List<String> cmd, String jvmArgs)
      throws Exception {
    Path console = OUT.resolve(name + ".out");
    ProcessBuilder b =
        new ProcessBuilder(new ArrayList<>(cmd))
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile());
    if (jvmArgs != null) {
      b.environment().put("JVM_ARGS", jvmArgs);
    }
    b.environment().put("PATH", Path.of(java()).getParent() + ":" + System.getenv("PATH"));
    Process p = b.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + ": still running");
    }
    String text = Files.readString(console, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), name + ":\n" + text);
    return text;
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
