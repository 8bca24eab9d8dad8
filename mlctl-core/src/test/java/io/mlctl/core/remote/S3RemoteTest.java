package io.mlctl.core.remote;

import static io.mlctl.core.remote.RemoteTestProject.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mlctl.core.RemoteException;
import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The remote contract against a real S3 server (s3proxy), plus what only S3 has: request counts,
 * multipart uploads and their resumption, credentials, and an endpoint that does not answer.
 * One server serves the whole class; each test has a key prefix of its own.
 */
final class S3RemoteTest extends RemoteContractTest {
  @RegisterExtension
  static final S3ProxyServer S3 = new S3ProxyServer();

  private static final AtomicInteger TESTS = new AtomicInteger();

  private String prefix;

  @Override
  void addRemote(RemoteTestProject project, String name) {
    prefix = "t" + TESTS.incrementAndGet() + "/cache";
    S3.addRemote(project.project(), name, prefix);
  }

  @Override
  List<String> remoteObjects() {
    return S3.keys(prefix + "/").stream().map(k -> k.substring(prefix.length() + 1)).toList();
  }

  private String key(String hash) {
    return prefix + "/" + objectPath(hash);
  }

  @Override
  byte[] readOnRemote(String hash) {
    ResponseBytes<GetObjectResponse> got = S3.client().getObjectAsBytes(r -> r.bucket(S3ProxyServer.BUCKET).key(key(hash)));
    return got.asByteArray();
  }

  @Override
  void replaceOnRemote(String hash, byte[] bytes) {
    S3.client().putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(key(hash)), RequestBody.fromBytes(bytes));
  }

  @Override
  void writeOnRemote(String rel, byte[] bytes) {
    S3.client().putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/" + rel), RequestBody.fromBytes(bytes));
  }

  @Test
  void runCache_whenTheRemoteHasEveryEntry_listsRunsOnce_andAsksNothingPerEntry() throws IOException {
    a.write("mlctl.yaml", RUN_PIPELINE);
    a.repro();
    a.pushWithRuns("origin", 2, "data/raw.csv");
    a.write("data/raw.csv", "x,y\n5,6\n");
    a.repro();
    a.pushWithRuns("origin", 2, "data/raw.csv");
    assertEquals(2, a.runKeys().size());

    // One LIST of runs/, a HEAD for the one data object: not one request per entry.
    RunTransfer.Both pushed = a.pushWithRuns("origin", 2, "data/raw.csv");
    RunTransfer.Both fetched = a.fetchWithRuns("origin", 2, "data/raw.csv");

    assertEquals(0, pushed.runs().entries());
    assertEquals(2, pushed.runs().present());
    assertEquals(2, pushed.objects().requests());
    assertEquals(0, fetched.runs().entries());
    assertEquals(1, fetched.objects().requests());
  }

  @Test
  void requests_countsEverySdkRequest() {
    // one file that the remote lacks: a HEAD to ask, a PUT to send
    Transfer.Result r = a.push("origin", 1, "data/raw.csv");

    assertEquals(2, r.requests());
  }

  @Test
  void push_whenRemoteHasThousandsOfObjects_asksWithAFewListings() {
    for (int i = 0; i < 3000; i++) {
      a.write("many/f" + i + ".txt", "file " + i + "\n");
    }
    a.add("many");
    Transfer.Result first = a.push("origin", 16);
    assertEquals(3005, first.transferred());

    Transfer.Result again = a.push("origin", 16);

    assertEquals(0, again.transferred());
    assertEquals(3005, again.skipped());
    assertTrue(again.requests() <= 20, "a no-op push of 3,005 objects made " + again.requests() + " requests");
  }

  @Test
  void largeObject_goesUpInParts_andComesBackIntact() throws IOException {
    byte[] big = bytes(40 << 20, 7);
    a.write("model.bin", big);
    a.add("model.bin");
    String h = a.hashOf("model.bin");

    Transfer.Result up = a.push("origin", 4, "model.bin");

    assertEquals(1, up.transferred());
    assertEquals(big.length, up.bytes());
    // HEAD, list pending uploads, create, three 16 MiB parts, complete
    assertTrue(up.requests() >= 6, "a 40 MiB object in one PUT? requests: " + up.requests());
    assertEquals(big.length, S3.client().headObject(r -> r.bucket(S3ProxyServer.BUCKET).key(key(h))).contentLength());
    assertEquals(List.of(), pendingUploads());

    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    Transfer.Result down = b.fetch("origin", 4, "model.bin");
    assertEquals(1, down.transferred());
    assertEquals(h, Sha256.of(b.ws().store().path(h)));
    assertArrayEquals(big, Files.readAllBytes(b.ws().store().path(h)));
  }

  @Test
  void interruptedMultipartUpload_isResumed_andCompleted() throws IOException {
    byte[] big = bytes((int) S3Remote.PART + (4 << 20), 11);
    a.write("model.bin", big);
    a.add("model.bin");
    String h = a.hashOf("model.bin");
    // What a push killed after its first part leaves behind.
    String uploadId = S3.client().createMultipartUpload(r -> r.bucket(S3ProxyServer.BUCKET).key(key(h))).uploadId();
    S3.client().uploadPart(r -> r.bucket(S3ProxyServer.BUCKET).key(key(h)).uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(Arrays.copyOf(big, (int) S3Remote.PART)));

    Transfer.Result r = a.push("origin", 1, "model.bin");

    assertEquals(1, r.transferred());
    assertEquals(List.of(), pendingUploads(), "the interrupted upload was completed, not left behind");
    assertEquals(h, Sha256.of(new java.io.ByteArrayInputStream(readOnRemote(h))));
  }

  private List<String> pendingUploads() {
    return S3.client().listMultipartUploadsPaginator(r -> r.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/"))
        .uploads().stream().map(MultipartUpload::uploadId).toList();
  }

  @Test
  void push_withoutCredentials_failsNamingTheVariablesLookedFor() {
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null,
        "the test JVM has AWS credentials in its environment");
    RemoteTestProject p = RemoteTestProject.init(tmp.resolve("nokeys"));
    p.write("data.csv", CSV);
    p.add("data.csv");
    new Remotes(p.project()).add("bare", "s3://" + S3ProxyServer.BUCKET + "/nokeys", false);
    ConfigStore config = p.project().configStore();
    config.set("remote.bare.endpoint", S3.endpoint(), false);
    config.set("remote.bare.path_style", "true", false);
    // The SDK also looks in system properties and ~/.aws: point those nowhere for this test.
    Map<String, String> saved = new HashMap<>();
    for (String k : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken", "aws.profile",
        "aws.sharedCredentialsFile", "aws.configFile")) {
      saved.put(k, System.getProperty(k));
      System.clearProperty(k);
    }
    System.setProperty("aws.sharedCredentialsFile", tmp.resolve("no-such-credentials").toString());
    System.setProperty("aws.configFile", tmp.resolve("no-such-config").toString());
    try {
      RemoteException e = assertThrows(RemoteException.class, () -> p.push("bare", 1));

      String shown = e.getMessage() + " (" + e.hint().orElse("") + ")";
      assertTrue(shown.contains("AWS_ACCESS_KEY_ID"), shown);
      assertTrue(shown.contains("bare"), shown);
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }

  @Test
  void unreachableEndpoint_failsWithinBoundedTime() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    a.project().configStore().set("remote.origin.endpoint", "http://127.0.0.1:" + closed, false);

    RemoteException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> assertThrows(RemoteException.class, () -> a.push("origin", 4)));

    assertTrue(e.getMessage().contains("origin"), e.getMessage());
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
  }

  @Test
  void remote_withoutPrefix_usesTheBucketRoot() {
    RemoteTestProject p = RemoteTestProject.init(tmp.resolve("root"));
    p.write("data.csv", "root\n");
    p.add("data.csv");
    String h = p.hashOf("data.csv");
    new Remotes(p.project()).add("whole", "s3://" + S3ProxyServer.BUCKET, false);
    ConfigStore config = p.project().configStore();
    config.set("remote.whole.endpoint", S3.endpoint(), false);
    config.set("remote.whole.path_style", "true", false);
    config.set("remote.whole.access_key_id", S3ProxyServer.ACCESS_KEY, true);
    config.set("remote.whole.secret_access_key", S3ProxyServer.SECRET_KEY, true);

    p.push("whole", 1);

    assertTrue(S3.keys("sha256/").contains(objectPath(h)), S3.keys("sha256/").toString());
  }
}
