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
 * SIGKILLs a child {@code mlctl repro}, {@code repro -j 2} and {@code exp run} at points a seeded
 * schedule draws ({@link KillSchedule}): a stage held at its start (its marker file seen), or a
 * finished stage's output being cached (a temporary object reaching N bytes). After every kill
 * (see {@link CrashScenario}) each stage's entry in {@code mlctl.lock} is absent or the one an
 * uninterrupted run records, every run record parses, and the re-run completes the pipeline and
 * reaches the uninterrupted run's files byte for byte.
 */
class PipelineCrashTest {
  @TempDir
  static Path base;

  @AfterAll
  static void summary() {
    System.err.println(CrashScenario.summary());
  }

  /**
   * A stage: says it started, waits while the test holds it, writes an output of 4 MiB (so its
   * caching takes a while) that depends on its inputs, and says it is done.
   */
  private static final String STAGE_SCRIPT = """
      set -e
      name=$1; shift
      touch "ctl/started-$name"
      while [ -e "ctl/hold-$name" ]; do sleep 0.01; done
      mkdir -p out
      { echo "$name"; cat "$@" | head -c 64; } > "out/$name.txt"
      head -c 4194304 /dev/zero >> "out/$name.txt"
      if [ "$name" = s4 ] || [ "$name" = join ]; then printf '{"score": %s}\\n' "$(grep -c . params.yaml)" > metrics.json; fi
      touch "ctl/done-$name"
      """;

  /** Four stages in a chain (serial) or side by side with a fifth joining them ({@code -j}). */
  private static void pipeline(Path dir, boolean chain) throws java.io.IOException {
    Path root = dir.resolve("repo");
    CliProject.init(root);
    Files.createDirectories(root.resolve("ctl"));
    Files.writeString(root.resolve("ctl/stage.sh"), STAGE_SCRIPT);
    Files.writeString(root.resolve("in.txt"), "input\n");
    Files.writeString(root.resolve("params.yaml"), "train:\n  lr: 0.1\n");
    StringBuilder y = new StringBuilder("stages:\n");
    for (int i = 1; i <= 4; i++) {
      String name = chain ? "s" + i : "p" + i;
      String dep = chain && i > 1 ? "out/s" + (i - 1) + ".txt" : "in.txt";
      y.append("  ").append(name).append(":\n    cmd: sh ctl/stage.sh ").append(name).append(' ').append(dep)
          .append("\n    deps: [").append(dep).append(", ctl/stage.sh]\n    outs: [out/").append(name).append(".txt]\n");
      if (i == 1) {
        y.append("    params: [train.lr]\n");
      }
      if (chain && i == 4) {
        y.append("    metrics: [{metrics.json: {cache: false}}]\n");
      }
    }
    if (!chain) {
      y.append("  join:\n    cmd: sh ctl/stage.sh join out/p1.txt out/p2.txt out/p3.txt out/p4.txt\n")
          .append("    deps: [out/p1.txt, out/p2.txt, out/p3.txt, out/p4.txt]\n    outs: [out/join.txt]\n")
          .append("    metrics: [{metrics.json: {cache: false}}]\n");
    }
    Files.writeString(root.resolve("mlctl.yaml"), y.toString());
  }

  /** Kill points of a pipeline: a stage running (held there), or a finished stage's output being cached. */
  private static CrashScenario.Spec stagePoint(java.util.Random r, String prefix) {
    int k = 1 + r.nextInt(4);
    String stage = prefix + k;
    if (r.nextBoolean()) {
      return new CrashScenario.Spec("stage " + stage + " running", root -> {
        hold(root, stage);
        return Crash.exists(root.resolve("ctl/started-" + stage));
      });
    }
    long at = (256L << 10) + (long) (r.nextDouble() * (3L << 20));
    return new CrashScenario.Spec("stage " + stage + "'s output cached up to " + at + " bytes", root -> {
      Crash.Event done = Crash.exists(root.resolve("ctl/done-" + stage));
      Crash.Event temp = Crash.tempObject(root, at);
      return () -> done.reached() && temp.reached();
    });
  }

  private static void hold(Path root, String stage) {
    try {
      Files.writeString(root.resolve("ctl/hold-" + stage), "");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Lets every held stage go, so the re-run's stages run through. */
  private static void release(Path root) throws java.io.IOException {
    try (Stream<Path> s = Files.list(root.resolve("ctl"))) {
      for (Path p : s.filter(f -> f.getFileName().toString().startsWith("hold-")).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Each stage's entry in mlctl.lock, where it has one, is the one the uninterrupted run records. */
  @SuppressWarnings("unchecked")
  private static void assertLockEntriesOldOrNew(Path root, Snapshot neu, String context) throws java.io.IOException {
    Path lock = root.resolve("mlctl.lock");
    if (!Files.exists(lock)) {
      return;
    }
    org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
    java.util.Map<String, Object> now = yaml.load(Files.readString(lock));
    java.util.Map<String, Object> want = yaml.load(neu.files().get("mlctl.lock"));
    java.util.Map<String, Object> stages = (java.util.Map<String, Object>) now.get("stages");
    java.util.Map<String, Object> wantStages = (java.util.Map<String, Object>) want.get("stages");
    for (var e : stages.entrySet()) {
      assertEquals(wantStages.get(e.getKey()), e.getValue(), "mlctl.lock's entry of stage " + e.getKey() + " after " + context);
    }
  }

  private CrashScenario reproScenario(String name, boolean chain, String... args) {
    return new CrashScenario(base, name, args)
        .setUp(dir -> pipeline(dir, chain))
        .partial(rel -> rel.equals("mlctl.lock"))
        .points(6, r -> stagePoint(r, chain ? "s" : "p"))
        .afterKill((root, old, neu, context) -> {
          release(root);
          assertLockEntriesOldOrNew(root, neu, context);
          CrashFixtures.assertStoreIntact(CrashFixtures.cache(root), context);
        })
        .afterRerun((root, old, neu, context) -> CrashFixtures.assertInSync(root));
  }

  @TestFactory
  Stream<DynamicTest> repro() {
    return reproScenario("repro", true, "repro").tests();
  }

  @TestFactory
  Stream<DynamicTest> reproParallel() {
    return reproScenario("repro -j 2", false, "repro", "-j", "2").tests();
  }

  @TestFactory
  Stream<DynamicTest> expRun() {
    return new CrashScenario(base, "exp run", "exp", "run", "-S", "train.lr=0.5")
        .setUp(dir -> pipeline(dir, true))
        .partial(rel -> rel.equals("mlctl.lock"))
        .varying(rel -> rel.startsWith(".mlctl/runs/"))
        .points(5, r -> stagePoint(r, "s"))
        .afterKill((root, old, neu, context) -> {
          release(root);
          assertLockEntriesOldOrNew(root, neu, context);
          assertRunRecordsWhole(root, context);
        })
        .afterRerun((root, old, neu, context) -> {
          CrashFixtures.assertInSync(root);
          assertRunRecordsWhole(root, context);
          com.fasterxml.jackson.databind.JsonNode runs = CliProject.at(root).json("exp", "show");
          long done = 0;
          for (com.fasterxml.jackson.databind.JsonNode run : runs) {
            if (run.get("status").asText().equals("success")) {
              done++;
              assertEquals("{\"score\":2}", run.get("metrics").toString(), run.toString());
              assertEquals(0.5, run.get("params").get("train.lr").asDouble(), run.toString());
            }
          }
          assertEquals(1, done, "runs that succeeded: " + runs);
        })
        .tests();
  }

  /** Every run record parses whole. */
  private static void assertRunRecordsWhole(Path root, String context) throws java.io.IOException {
    Path runs = root.resolve(".mlctl/runs");
    if (!Files.isDirectory(runs)) {
      return;
    }
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (Stream<Path> s = Files.list(runs)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        com.fasterxml.jackson.databind.JsonNode n = json.readTree(p.toFile());
        assertTrue(n.isObject() && n.hasNonNull("id") && n.hasNonNull("status"), p + " after " + context + ": " + n);
      }
    }
    CliProject.Run show = CliProject.at(root).run("exp", "show");
    assertEquals(0, show.code(), show.toString());
  }

}
