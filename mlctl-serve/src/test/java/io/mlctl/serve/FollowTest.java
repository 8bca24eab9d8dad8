package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.repo.Project;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --follow REMOTE/BRANCH}: the server takes versions from a Git branch it fetches, leaving the checkout alone. */
class FollowTest {
  @TempDir
  Path tmp;

  TestProject project;
  Path bare;

  private static final String BODY = "{\"instances\": [{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}]}";
  private static final PersonIdent WHO = new PersonIdent("tester", "tester@localhost");

  @BeforeEach
  void setUp() throws Exception {
    project = TestProject.create(tmp.resolve("p"));
    bare = tmp.resolve("remote.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    try (Git git = Git.open(project.root.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("models").setAuthor(WHO).setCommitter(WHO).setSign(false).call();
      git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
      git.push().setRemote("origin").add("main").call();
    }
  }

  /** Promotes in another clone of the remote and pushes: the server's checkout never sees it. */
  private void promoteElsewhere(String version) throws Exception {
    changeElsewhere("promote " + version, registry -> registry.promote("points", version, "production", List.of()));
  }

  /** Rolls the alias back in another clone of the remote and pushes, as a teammate would. */
  private void rollBackElsewhere() throws Exception {
    changeElsewhere("roll back production", registry -> registry.rollback("points", "production"));
  }

  private interface RegistryChange {
    void apply(ModelRegistry registry) throws Exception;
  }

  private int clones;

  private void changeElsewhere(String message, RegistryChange change) throws Exception {
    Path clone = tmp.resolve("clone-" + clones++);
    try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
      try (Project p = Project.open(clone, Clock.systemUTC(), Map.of("USER", "tester"))) {
        change.apply(new ModelRegistry(p));
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).setSign(false).call();
      git.push().setRemote("origin").add("main").call();
    }
  }

  private static void awaitVersion(Running r, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!version(r).equals(expected)) {
      assertTrue(System.nanoTime() < deadline, "still not " + expected + " after 20 s: " + r.notices);
      Thread.sleep(50);
    }
  }

  private static String version(Running r) {
    HttpResponse<String> resp = r.client.postJson("/v1/models/points:predict", BODY);
    assertEquals(200, resp.statusCode(), resp.body());
    return Client.json(resp).get("version").asText();
  }

  @Test
  void aPromotionPushedToTheFollowedBranch_isServed_andTheCheckoutIsUntouched() throws Exception {
    Path registryFile = project.root.resolve(".mlctl/registry/points.yaml");
    String before = Files.readString(registryFile);
    String head;
    try (Git git = Git.open(project.root.toFile())) {
      head = git.getRepository().resolve("HEAD").name();
    }
    ModelSource source = project.source(false);
    source.follow("origin", "main");
    try (Running r = Running.start(source, Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null)) {
      assertEquals("v1", version(r));
      r.deployment.follow(Duration.ofMillis(100));
      promoteElsewhere("v2");
      awaitVersion(r, "v2");
      assertTrue(r.notices.stream().anyMatch(n -> n.contains("now serving points@v2")), r.notices.toString());
    }
    assertEquals(before, Files.readString(registryFile), "the work tree's registry file is the user's");
    try (Git git = Git.open(project.root.toFile())) {
      assertEquals(head, git.getRepository().resolve("HEAD").name());
      assertTrue(git.status().call().isClean(), "nothing in the checkout changed");
      assertTrue(git.getRepository().resolve("refs/remotes/origin/main") != null);
    }
  }

  @Test
  void aRollbackPushedToTheFollowedBranch_rollsTheServerBack() throws Exception {
    ModelSource source = project.source(false);
    source.follow("origin", "main");
    try (Running r = Running.start(source, Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null)) {
      assertEquals("v1", version(r));
      r.deployment.follow(Duration.ofMillis(100));
      promoteElsewhere("v2");
      awaitVersion(r, "v2");
      rollBackElsewhere();
      awaitVersion(r, "v1");
      assertTrue(r.notices.stream().anyMatch(n -> n.contains("now serving points@v1")), r.notices.toString());
    }
  }

  @Test
  void anUnknownRemote_failsTheStartNamingIt() {
    ModelSource source = project.source(false);
    source.follow("nope", "main");
    BadInputException e = assertThrows(BadInputException.class,
        () -> Running.start(source, Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null));
    assertTrue(e.getMessage().contains("no Git remote 'nope'"), e.getMessage());
  }

  @Test
  void anUnknownBranch_failsTheStartNamingIt() {
    ModelSource source = project.source(false);
    source.follow("origin", "nobranch");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> Running.start(source, Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null));
    assertTrue(e.getMessage().contains("nobranch"), e.getMessage());
  }
}
