package io.wacall.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adobe's S3Mock, an S3-compatible server, started from its executable jar as a process of its own
 * (it is a Spring Boot application, whose Spring Boot need not match ours), on a free loopback port,
 * storing under a temporary folder. One per test JVM ({@link #shared()}), stopped with it.
 *
 * <p>The jar is copied by the module's build to {@code target/s3mock/s3mock.jar}; the system
 * property {@code wacall.s3mock.jar} names another.
 */
public final class S3MockProcess {
  private static final Pattern STARTED = Pattern.compile("Tomcat started on ports? .*?(\\d+) \\(http\\)");
  private static volatile S3MockProcess shared;

  private final Process process;
  private final int port;

  private S3MockProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The test JVM's S3Mock, started on first use. */
  public static synchronized S3MockProcess shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  static S3MockProcess start() {
    Path jar = Path.of(System.getProperty("wacall.s3mock.jar", "target/s3mock/s3mock.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no S3Mock jar at " + jar.toAbsolutePath() + " (the module's build copies it)");
    }
    try {
      Path root = Files.createTempDirectory("s3mock");
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process = new ProcessBuilder(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-Xmx256m",
          "-jar", jar.toString(),
          "--server.address=127.0.0.1", "--server.port=0", "--com.adobe.testing.s3mock.http-port=0",
          "--com.adobe.testing.s3mock.store.root=" + root, "--spring.main.banner-mode=off"))
          .redirectErrorStream(true)
          .start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      StringBuilder output = new StringBuilder();
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = lines.readLine()) != null; ) {
            if (!port.isDone()) {
              output.append(line).append('\n');
              Matcher started = STARTED.matcher(line);
              if (started.find()) {
                port.complete(Integer.parseInt(started.group(1)));
              }
            }
          }
        } catch (IOException e) {
          port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("S3Mock ended before it started:\n" + output));
      }, "s3mock-output");
      reader.setDaemon(true);
      reader.start();
      return new S3MockProcess(process, port.get(90, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("S3Mock did not start", e);
    }
  }

  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
