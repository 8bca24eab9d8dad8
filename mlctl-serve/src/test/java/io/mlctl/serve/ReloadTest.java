package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server following an alias picks up promotions, rollbacks and registry files changed by Git. */
class ReloadTest {
  @TempDir
  Path tmp;

  TestProject project;

  private static final String BODY = "{\"instances\": [{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}]}";

  @BeforeEach
  void setUp() {
    project = TestProject.create(tmp.resolve("p"));
  }

  private static String version(Running r) {
    HttpResponse<String> resp = r.client.postJson("/v1/models/points:predict", BODY);
    assertEquals(200, resp.statusCode(), resp.body());
    return Client.json(resp).get("version").asText();
  }

  private static void awaitVersion(Running r, String want) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!version(r).equals(want)) {
      assertTrue(System.nanoTime() < deadline, "still not " + want + " after 10 s");
      Thread.sleep(20);
    }
  }

  @Test
  void promoteAndRollback_underConcurrentLoad_switchVersionsWithNoFailedRequest() throws Exception {
    try (Running r = Running.start(project, ServeConfig.loopback(0), "points@production")) {
      r.deployment.follow(Duration.ofMillis(100));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger ok = new AtomicInteger();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      Set<String> seen = ConcurrentHashMap.newKeySet();
      List<Thread> load = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          while (!stop.get()) {
            try {
              HttpResponse<String> resp = r.client.postJson("/v1/models/points:predict", BODY);
              if (resp.statusCode() == 200) {
                ok.incrementAndGet();
                seen.add(resp.headers().firstValue("X-Model-Version").orElse("?"));
              } else {
                failures.add(resp.statusCode() + " " + resp.body());
              }
            } catch (RuntimeException e) {
              failures.add(e.toString());
            }
          }
        });
        th.start();
        load.add(th);
      }
      Thread.sleep(200);
      project.promote("points", "v2", "production");
      awaitVersion(r, "v2");
      Thread.sleep(200);
      project.rollback("points", "production");
      awaitVersion(r, "v1");
      Thread.sleep(200);
      stop.set(true);
      for (Thread th : load) {
        th.join(20_000);
      }
      assertEquals(List.of(), failures);
      assertTrue(ok.get() > 50, "requests answered: " + ok.get());
      assertEquals(Set.of("v1", "v2"), seen);
      assertTrue(r.notices.stream().anyMatch(n -> n.contains("now serving points@v2")), r.notices.toString());
    }
  }

  @Test
  void adminReload_loadsTheMovedAliasAtOnce() {
    try (Running r = Running.start(project, ServeConfig.loopback(0), "points@production")) {
      project.promote("points", "v2", "production");
      assertEquals("v1", version(r), "no polling: nothing moves by itself");
      HttpResponse<String> resp = r.client.postJson("/admin/reload", "");
      assertEquals(200, resp.statusCode(), resp.body());
      JsonNode m = Client.json(resp).at("/models/0");
      assertEquals("v1", m.get("from").asText());
      assertEquals("v2", m.get("to").asText());
      assertTrue(m.get("changed").asBoolean());
      assertEquals("v2", version(r));
      assertEquals("v2", Client.json(r.client.get("/v1/models")).at("/models/0/version").asText());
    }
  }

  @Test
  void aRegistryFileReplacedAsGitDoes_isFollowed() throws Exception {
    Path file = project.root.resolve(".mlctl/registry/points.yaml");
    String atV1 = Files.readString(file);
    project.promote("points", "v2", "production");
    try (Running r = Running.start(project, ServeConfig.loopback(0), "points@production")) {
      r.deployment.follow(Duration.ofMillis(100));
      assertEquals("v2", version(r));
      // git checkout/pull writes the file anew and renames it into place
      Path tmpFile = file.resolveSibling("points.yaml.tmp");
      Files.writeString(tmpFile, atV1);
      Files.move(tmpFile, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      awaitVersion(r, "v1");
    }
  }

  @Test
  void aFixedVersion_neverMoves() {
    try (Running r = Running.start(project, ServeConfig.loopback(0), "points@v1")) {
      project.promote("points", "v2", "production");
      r.client.postJson("/admin/reload", "");
      assertEquals("v1", version(r));
    }
  }

  @Test
  void anAliasMovedToAVersionThatCannotLoad_keepsTheOldOneServing() throws Exception {
    try (Running r = Running.start(project, ServeConfig.loopback(0), "points@production")) {
      Path file = project.root.resolve(".mlctl/registry/points.yaml");
      String yaml = Files.readString(file);
      Files.writeString(file, yaml.replace("production: 1", "production: 9"));
      HttpResponse<String> resp = r.client.postJson("/admin/reload", "");
      assertEquals(200, resp.statusCode());
      assertTrue(Client.json(resp).at("/models/0").has("error"), resp.body());
      assertEquals("v1", version(r));
    }
  }
}
