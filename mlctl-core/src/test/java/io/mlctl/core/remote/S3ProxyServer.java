package io.mlctl.core.remote;

import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for tests: s3proxy with its file-system backend, listening on a free
 * port of 127.0.0.1, with one bucket ({@link #BUCKET}) and one pair of keys. It runs as a separate
 * {@code java} process because its bundled libraries (Jetty, jclouds, Guava) clash with ours on a
 * shared class path. Start one per test class, since it takes about two seconds:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyServer S3 = new S3ProxyServer();
 * }</pre>
 *
 * <p>The jar is the one the build copies to {@code target/s3proxy/s3proxy.jar} (system property
 * {@code s3proxy.jar} under Surefire). Tests that share a server keep apart by using their own key
 * prefix. Not thread-safe: start and stop it from one thread.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String BUCKET = "mlctl-test";
  public static final String ACCESS_KEY = "mlctl-test-access";
  public static final String SECRET_KEY = "mlctl-test-secret";
  public static final String REGION = "us-east-1";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private Path dir;
  private Process process;
  private Thread reaper;
  private int port;
  private S3Client client;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the server, waits until it answers, and creates the bucket. */
  public void start() throws IOException, InterruptedException {
    if (process != null) {
      throw new IllegalStateException("already started");
    }
    Path jar = jar();
    dir = Files.createTempDirectory("mlctl-s3proxy-");
    Path data = Files.createDirectories(dir.resolve("data"));
    port = freePort();
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=" + endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + data,
        ""), StandardCharsets.UTF_8);
    launch(jar, props);
    client = newClient();
    client.createBucket(b -> b.bucket(BUCKET));
  }

  /**
   * Starts a server that was {@link #kill killed} again, on the same port and over the same
   * stored objects, as a remote that comes back after an outage.
   */
  public void restart() throws IOException, InterruptedException {
    if (running()) {
      throw new IllegalStateException("still running");
    }
    Runtime.getRuntime().removeShutdownHook(reaper);
    launch(jar(), dir.resolve("s3proxy.properties"));
  }

  private void launch(Path jar, Path props) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
        "--properties", props.toString())
        .redirectErrorStream(true)
        // Never inherit: Surefire talks to its fork over the fork's stdout.
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()));
    pb.environment().put("LOG_LEVEL", "warn");
    process = pb.start();
    // A JVM that dies without running afterAll must not leave the server behind.
    Process p = process;
    reaper = new Thread(p::destroyForcibly, "s3proxy-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    awaitPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** An SDK client for the server, to look at and tamper with what mlctl stored. */
  public S3Client client() {
    return client;
  }

  /** Whether the server process is still running. */
  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Kills the server at once, as a crash or a pulled cable would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Adds remote {@code name} at {@code s3://BUCKET/prefix} to the project: endpoint, path-style
   * addressing and region in the shared config, the keys in {@code config.local.yaml}.
   */
  public void addRemote(Project project, String name, String prefix) {
    new Remotes(project).add(name, "s3://" + BUCKET + "/" + prefix, false);
    ConfigStore config = project.configStore();
    config.set("remote." + name + ".endpoint", endpoint(), false);
    config.set("remote." + name + ".path_style", "true", false);
    config.set("remote." + name + ".region", REGION, false);
    config.set("remote." + name + ".access_key_id", ACCESS_KEY, true);
    config.set("remote." + name + ".secret_access_key", SECRET_KEY, true);
  }

  /** Every key in the bucket under {@code prefix}, sorted. */
  public List<String> keys(String prefix) {
    List<String> out = new ArrayList<>();
    for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents()) {
      out.add(o.key());
    }
    out.sort(null);
    return out;
  }

  /** Stops the server and removes its files. */
  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
      process = null;
    }
    if (dir != null) {
      deleteTree(dir);
      dir = null;
    }
  }

  private S3Client newClient() {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private void awaitPort() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String why = "s3proxy exited with " + process.exitValue() + " before answering:\n" + log();
        close();
        throw new IllegalStateException(why);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    String log = log();
    close();
    throw new IllegalStateException("s3proxy did not answer on port " + port + " within " + START_TIMEOUT + ":\n" + log);
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("s3proxy.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run 'mvn process-test-resources' in mlctl-core,"
          + " which copies s3proxy there");
    }
    return jar;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
