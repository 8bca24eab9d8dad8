package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child {@code mlctl models promote} once it holds the lock (reading the audit trail)
 * and once it has written its audit entry (before its registry file): the registry is its old or
 * its new version, {@code models audit --verify} exits 0, and the re-run adds exactly one entry
 * and reaches the uninterrupted run's registry.
 */
class RegistryCrashTest {
  @TempDir
  static Path base;

  @AfterAll
  static void summary() {
    System.err.println(CrashScenario.summary());
  }

  private static final String REGISTRY = ".mlctl/registry/points.yaml";
  private static final String TRAIL = ".mlctl/registry/audit.jsonl";

  /** Two registered versions whose alias has moved back and forth, made once and copied for each point. */
  private static Path registryTemplate;

  private static synchronized Path registryTemplate() throws java.io.IOException {
    if (registryTemplate == null) {
      Path root = base.resolve("registry-template/repo");
      CliProject p = CliProject.init(root);
      try (java.io.InputStream in = RegistryCrashTest.class.getResourceAsStream("/model/points.csv")) {
        p.write("data/points.csv", in.readAllBytes());
      }
      p.ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/cart.model", "-q");
      p.ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "logistic", "--out", "models/logistic.model", "-q");
      p.ok("models", "register", "points", "models/cart.model", "-q");
      p.ok("models", "register", "points", "models/logistic.model", "-q");
      // A long trail: every promotion reads and checks all of it before it appends.
      for (int i = 0; i < 60; i++) {
        p.ok("models", "promote", "points", i % 2 == 0 ? "v2" : "v1", "--to", "production", "-q");
      }
      registryTemplate = root;
    }
    return registryTemplate;
  }

  /** The registry file as data, without the hash of its last audit entry (which holds a time). */
  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> registryState(String text) {
    java.util.Map<String, Object> m = new org.yaml.snakeyaml.Yaml().load(text);
    m.remove("audit_head");
    return m;
  }

  @TestFactory
  Stream<DynamicTest> modelsPromote() {
    return new CrashScenario(base, "models promote", "models", "promote", "points", "v2", "--to", "production")
        .setUp(dir -> CrashFixtures.copyTree(registryTemplate(), dir.resolve("repo")))
        .varying(rel -> rel.startsWith(".mlctl/registry/"))
        .points(5, r -> r.nextInt(3) == 0
            ? new CrashScenario.Spec("the lock taken", Crash::locked)
            : new CrashScenario.Spec("the audit trail written", root -> Crash.resized(root.resolve(TRAIL), Crash.size(root.resolve(TRAIL)))))
        .afterKill((root, old, neu, context) -> {
          CliProject.Run verify = CliProject.at(root).run("models", "audit", "--verify");
          assertEquals(0, verify.code(), "the audit trail after " + context + "\n" + verify);
          java.util.Map<String, Object> now = registryState(Files.readString(root.resolve(REGISTRY)));
          assertTrue(now.equals(registryState(old.files().get(REGISTRY))) || now.equals(registryState(neu.files().get(REGISTRY))),
              "the registry is neither its old nor its new version:\n" + Files.readString(root.resolve(REGISTRY)));
        })
        .afterRerun((root, old, neu, context) -> {
          CliProject.Run verify = CliProject.at(root).run("models", "audit", "--verify");
          assertEquals(0, verify.code(), verify.toString());
          assertEquals(registryState(neu.files().get(REGISTRY)), registryState(Files.readString(root.resolve(REGISTRY))));
          assertEquals(old.files().get(TRAIL).lines().count() + 1, Files.readAllLines(root.resolve(TRAIL)).size(),
              "one promotion, one new audit entry");
        })
        .tests();
  }
}
