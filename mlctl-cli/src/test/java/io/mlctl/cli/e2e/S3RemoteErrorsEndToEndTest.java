package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How S3 remotes fail on the command line: exit 5 with one line that says why. No server is
 * needed: the endpoint is a port nobody listens on. The SDK's system properties are pointed at
 * nothing for the duration, so no credentials of the machine running the tests are used.
 */
final class S3RemoteErrorsEndToEndTest {
  private static final List<String> AWS_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey",
      "aws.sessionToken", "aws.profile", "aws.sharedCredentialsFile", "aws.configFile");

  @TempDir
  Path tmp;

  CliProject p;
  String closedEndpoint;
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void project() throws Exception {
    for (String k : AWS_PROPERTIES) {
      saved.put(k, System.getProperty(k));
      System.clearProperty(k);
    }
    System.setProperty("aws.sharedCredentialsFile", tmp.resolve("no-credentials").toString());
    System.setProperty("aws.configFile", tmp.resolve("no-config").toString());
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedEndpoint = "http://127.0.0.1:" + s.getLocalPort();
    }
    p = CliProject.init(tmp.resolve("p"));
    p.write("data.csv", "a,b\n1,2\n");
    p.ok("add", "data.csv");
    p.ok("remote", "add", "origin", "s3://mlctl-bucket/cache");
    p.ok("remote", "modify", "origin", "endpoint", closedEndpoint);
    p.ok("remote", "modify", "origin", "path_style", "true");
  }

  @AfterEach
  void restore() {
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  @Test
  void push_withoutCredentials_exits5_namingTheVariablesLookedFor() {
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null,
        "the test JVM has AWS credentials in its environment");

    CliProject.Run r = p.run("push");

    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: "), r.err());
    assertTrue(r.err().contains("AWS_ACCESS_KEY_ID"), r.err());
    assertTrue(r.err().contains("AWS_SECRET_ACCESS_KEY"), r.err());
    assertEquals(1, r.err().lines().count(), "one line, no stack trace:\n" + r.err());
  }

  @Test
  void push_toAnEndpointNobodyAnswers_exits5_inBoundedTime() {
    p.ok("config", "set", "--local", "remote.origin.access_key_id", "AKIATEST");
    p.ok("config", "set", "--local", "remote.origin.secret_access_key", "secret");

    CliProject.Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> p.run("push"));

    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("origin"), r.err());
    assertTrue(r.err().contains("unreachable"), r.err());
    assertEquals(1, r.err().lines().count(), "one line, no stack trace:\n" + r.err());
  }

  @Test
  void statusRemote_toAnEndpointNobodyAnswers_exits5() {
    p.ok("config", "set", "--local", "remote.origin.access_key_id", "AKIATEST");
    p.ok("config", "set", "--local", "remote.origin.secret_access_key", "secret");

    CliProject.Run r = p.run("status", "-r", "origin");

    assertEquals(5, r.code(), r.toString());
  }
}
