package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child mlctl at points a seeded schedule draws ({@link KillSchedule}): byte offsets
 * into a temporary object, the k-th object in a store, a stage's marker file. After every kill:
 * {@code fsck} is clean, each pointer, {@code .gitignore}, {@code mlctl.lock}, run record and
 * registry file is byte for byte its old or its new version, re-running the command completes it
 * and reaches the state an uninterrupted run reaches, and no temporary file is left in the work
 * tree. A kill point whose child finished before the kill is tried again, and fails if it keeps
 * being outrun: no point passes without a kill.
 */
class CrashConsistencyTest {
  private static final long BIG = 6L << 20;
  private static final int BIGS = 3;
  private static final int SMALLS = 40;

  @TempDir
  static Path base;

  private static final List<String> BIG_HASHES = new ArrayList<>();
  private static final List<String> SMALL_HASHES = new ArrayList<>();

  @BeforeAll
  static void data() throws Exception {
    System.err.println("crash suite: seed " + KillSchedule.seed() + ", scale " + KillSchedule.scale());
    Path d = base.resolve("hashes");
    for (int i = 0; i < BIGS; i++) {
      CrashFixtures.bigFile(d.resolve("b" + i), BIG, i);
      BIG_HASHES.add(CrashFixtures.hash(d.resolve("b" + i)));
    }
    for (int i = 0; i < SMALLS; i++) {
      CrashFixtures.smallFile(d.resolve("s" + i), 8192, 1000 + i);
      SMALL_HASHES.add(CrashFixtures.hash(d.resolve("s" + i)));
    }
    CrashFixtures.deleteTree(d);
  }

  @AfterAll
  static void summary() {
    System.err.println("crash suite: kill points survived per command " + CrashScenario.SURVIVED
        + "; attempts the child outran (tried again) " + Crash.OUTRUN.get());
  }

  /** The work tree every data command starts from: a folder of small files and a few big ones. */
  private static void data(Path root) {
    for (int i = 0; i < SMALLS; i++) {
      CrashFixtures.smallFile(root.resolve("imgs/" + i + ".bin"), 8192, 1000 + i);
    }
    for (int i = 0; i < BIGS; i++) {
      CrashFixtures.bigFile(root.resolve("b" + i + ".bin"), BIG, i);
    }
  }

  private static String[] dataTargets() {
    List<String> t = new ArrayList<>(List.of("imgs"));
    for (int i = 0; i < BIGS; i++) {
      t.add("b" + i + ".bin");
    }
    return t.toArray(String[]::new);
  }

  private static Path cache(Path root) {
    return root.resolve(".mlctl/cache/sha256");
  }

  @TestFactory
  Stream<DynamicTest> add() {
    return new CrashScenario(base, "add", withFirst("add", dataTargets()))
        .setUp(dir -> {
          Path root = dir.resolve("repo");
          CliProject.init(root);
          data(root);
        })
        .points(6, r -> switch (r.nextInt(3)) {
          case 0 -> {
            int k = 1 + r.nextInt(SMALLS);
            yield new CrashScenario.Spec("small object " + k + " of " + SMALLS,
                root -> Crash.present(CrashFixtures.objects(cache(root), SMALL_HASHES), k));
          }
          case 1 -> {
            int k = 1 + r.nextInt(BIGS - 1);
            yield new CrashScenario.Spec("big object " + k + " of " + BIGS,
                root -> Crash.present(CrashFixtures.objects(cache(root), BIG_HASHES), k));
          }
          default -> {
            long at = (1L << 20) + (long) (r.nextDouble() * (BIG * 3 / 4));
            yield new CrashScenario.Spec("a temporary object at " + at + " bytes", root -> Crash.tempObject(root, at));
          }
        })
        .afterKill((root, old, neu, context) -> CrashFixtures.assertStoreIntact(cache(root), context))
        .afterRerun((root, old, neu, context) -> {
          CliProject.Run status = CliProject.at(root).run("status", "--check");
          assertEquals(0, status.code(), status.toString());
          assertEquals(List.of("lock"), list(root.resolve(".mlctl/tmp")));
        })
        .tests();
  }

  /** The work tree as add left it, then its data removed: checkout brings it back. */
  private static void added(Path root) {
    CliProject p = CliProject.init(root);
    data(root);
    p.ok(withFirst("add", dataTargets()));
  }

  private static String[] withFirst(String first, String... rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  private static void removeData(Path root) {
    CrashFixtures.deleteTree(root.resolve("imgs"));
    for (int i = 0; i < BIGS; i++) {
      try {
        Files.delete(root.resolve("b" + i + ".bin"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Each data file in the work tree is absent or whole (its hash is the one add recorded). */
  private static void assertDataAbsentOrWhole(Path root, String context) {
    for (int i = 0; i < BIGS; i++) {
      Path f = root.resolve("b" + i + ".bin");
      if (Files.exists(f)) {
        assertEquals(BIG_HASHES.get(i), CrashFixtures.hash(f), f + " is not whole after " + context);
      }
    }
    for (int i = 0; i < SMALLS; i++) {
      Path f = root.resolve("imgs/" + i + ".bin");
      if (Files.exists(f)) {
        assertEquals(SMALL_HASHES.get(i), CrashFixtures.hash(f), f + " is not whole after " + context);
      }
    }
  }

  private static void assertInSync(Path root) {
    CliProject.Run status = CliProject.at(root).run("status", "--check");
    assertEquals(0, status.code(), status.toString());
  }

  /** Kill points of a command that fills a store with the work tree's objects. */
  private static CrashScenario.Spec storeFilling(java.util.Random r, java.util.function.Function<Path, Path> store,
      java.util.function.BiFunction<Path, Long, Crash.Event> temp, String tempName) {
    return switch (r.nextInt(3)) {
      case 0 -> {
        int k = 1 + r.nextInt(SMALLS);
        yield new CrashScenario.Spec("small object " + k + " of " + SMALLS,
            root -> Crash.present(CrashFixtures.objects(store.apply(root), SMALL_HASHES), k));
      }
      case 1 -> {
        int k = 1 + r.nextInt(BIGS - 1);
        yield new CrashScenario.Spec("big object " + k + " of " + BIGS,
            root -> Crash.present(CrashFixtures.objects(store.apply(root), BIG_HASHES), k));
      }
      default -> {
        long at = (1L << 20) + (long) (r.nextDouble() * (BIG * 3 / 4));
        yield new CrashScenario.Spec(tempName + " at " + at + " bytes", root -> temp.apply(root, at));
      }
    };
  }

  @TestFactory
  Stream<DynamicTest> checkout() {
    return new CrashScenario(base, "checkout", "checkout")
        .setUp(dir -> {
          Path root = dir.resolve("repo");
          added(root);
          removeData(root);
        })
        .points(6, r -> switch (r.nextInt(3)) {
          case 0 -> {
            int k = 1 + r.nextInt(SMALLS);
            yield new CrashScenario.Spec("small file " + k + " of " + SMALLS, root -> smallFilesWritten(root, k));
          }
          case 1 -> {
            int k = 1 + r.nextInt(BIGS - 1);
            yield new CrashScenario.Spec("big file " + k + " of " + BIGS, root -> Crash.present(
                java.util.stream.IntStream.range(0, BIGS).mapToObj(i -> root.resolve("b" + i + ".bin")).toList(), k));
          }
          default -> {
            long at = (1L << 20) + (long) (r.nextDouble() * (BIG * 3 / 4));
            yield new CrashScenario.Spec("a temporary work-tree file at " + at + " bytes",
                root -> Crash.tempFile(root, ".b", at));
          }
        })
        .afterKill((root, old, neu, context) -> assertDataAbsentOrWhole(root, context))
        .afterRerun((root, old, neu, context) -> {
          assertInSync(root);
          assertDataAbsentOrWhole(root, context);
        })
        .tests();
  }

  /** At least {@code k} small files written into the work tree, in {@code imgs} or in a folder checkout fills first. */
  private static Crash.Event smallFilesWritten(Path root, int k) {
    return () -> {
      long n = 0;
      try (Stream<Path> top = Files.list(root)) {
        for (Path d : top.filter(p -> p.getFileName().toString().contains("imgs") && Files.isDirectory(p)).toList()) {
          try (Stream<Path> s = Files.list(d)) {
            n += s.count();
          } catch (java.nio.file.NoSuchFileException renamed) {
            // the filled folder was renamed into place: counted under its real name next time
          }
        }
      }
      return n >= k;
    };
  }

  @TestFactory
  Stream<DynamicTest> push() {
    return new CrashScenario(base, "push", "push")
        .setUp(dir -> {
          Path root = dir.resolve("repo");
          added(root);
          CliProject.at(root).ok("remote", "add", "origin", dir.resolve("remote").toString());
        })
        .points(6, r -> storeFilling(r, root -> root.resolveSibling("remote/sha256"),
            (root, at) -> remoteTemp(root.resolveSibling("remote/sha256"), at),
            "a temporary remote object"))
        .afterKill((root, old, neu, context) -> CrashFixtures.assertStoreIntact(root.resolveSibling("remote/sha256"), context))
        .afterRerun((root, old, neu, context) -> {
          CrashFixtures.assertStoreIntact(root.resolveSibling("remote/sha256"), context);
          CliProject.Run status = CliProject.at(root).run("status", "-r", "origin");
          assertEquals(0, status.code(), status.toString());
          assertTrue(status.out().contains("in sync"), status.toString());
          // What the remote holds is all another machine needs.
          CliProject other = CliProject.at(root).cloneTo(root.resolveSibling("other"));
          other.ok("pull");
          assertInSync(other.root());
          assertDataAbsentOrWhole(other.root(), context);
        })
        .tests();
  }

  /** A push's temporary file on a folder remote ({@code .NAME.tmp-RANDOM}) of at least {@code bytes}. */
  private static Crash.Event remoteTemp(Path store, long bytes) {
    return () -> {
      if (!Files.isDirectory(store)) {
        return false;
      }
      try (Stream<Path> s = Files.walk(store, 2)) {
        return s.anyMatch(p -> p.getFileName().toString().matches("\\..+\\.tmp-[0-9a-f]+") && Crash.size(p) >= bytes);
      } catch (java.io.UncheckedIOException renamed) {
        return false;
      }
    };
  }

  /** A project and a remote with its data, made once: every pull fixture is a clone of it. */
  private static Path pulledFrom;

  private static synchronized CliProject pullSource() {
    Path src = base.resolve("pull-source/repo");
    if (pulledFrom == null) {
      added(src);
      CliProject p = CliProject.at(src);
      p.ok("remote", "add", "origin", base.resolve("pull-source/remote").toString());
      p.ok("push");
      pulledFrom = src;
    }
    return CliProject.at(pulledFrom);
  }

  @TestFactory
  Stream<DynamicTest> pull() {
    return new CrashScenario(base, "pull", "pull")
        .setUp(dir -> pullSource().cloneTo(dir.resolve("repo")))
        .points(6, r -> storeFilling(r, CrashConsistencyTest::cache,
            Crash::tempObject, "a temporary object"))
        .afterKill((root, old, neu, context) -> {
          CrashFixtures.assertStoreIntact(cache(root), context);
          assertDataAbsentOrWhole(root, context);
        })
        .afterRerun((root, old, neu, context) -> {
          assertInSync(root);
          assertDataAbsentOrWhole(root, context);
        })
        .tests();
  }

  private static final int JUNK = 2000;

  @TestFactory
  Stream<DynamicTest> gc() {
    return new CrashScenario(base, "gc", "gc")
        .setUp(dir -> {
          Path root = dir.resolve("repo");
          added(root);
          junk(root);
        })
        .points(5, r -> {
          if (r.nextInt(5) == 0) {
            return new CrashScenario.Spec("the lock taken", Crash::locked);
          }
          int k = 1 + r.nextInt(JUNK * 3 / 5);
          return new CrashScenario.Spec("unreferenced object " + k + " of " + JUNK + " removed",
              root -> Crash.gone(removalOrder(root).get(k - 1)));
        })
        .afterKill((root, old, neu, context) -> {
          CrashFixtures.assertStoreIntact(cache(root), context);
          assertReferencedKept(root, context);
        })
        .afterRerun((root, old, neu, context) -> {
          assertReferencedKept(root, context);
          List<String> left = new ArrayList<>();
          try (Stream<Path> s = Files.walk(cache(root), 2)) {
            s.filter(Files::isRegularFile).forEach(p -> left.add(p.getParent().getFileName() + "" + p.getFileName()));
          }
          assertEquals(BIGS + SMALLS + 1, left.size(), "objects after gc: the data's and the folder's manifest");
          assertInSync(root);
        })
        .tests();
  }

  /** {@link #JUNK} objects nothing references, as old versions of data leave them. */
  private static void junk(Path root) throws java.io.IOException {
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < JUNK; i++) {
      byte[] b = new byte[64];
      r.nextBytes(b);
      String h = io.mlctl.core.store.Sha256.of(b);
      Path p = CrashFixtures.object(cache(root), h);
      Files.createDirectories(p.getParent());
      Files.write(p, b);
      p.toFile().setReadOnly();
    }
  }

  /** The unreferenced objects in the order gc meets them: the store's listing order. */
  private static List<Path> removalOrder(Path root) {
    java.util.Set<String> referenced = new java.util.HashSet<>(BIG_HASHES);
    referenced.addAll(SMALL_HASHES);
    List<Path> out = new ArrayList<>();
    for (String h : new io.mlctl.core.store.ObjectStore(cache(root), root.resolve(".mlctl/tmp")).list()) {
      if (!referenced.contains(h) && Crash.size(CrashFixtures.object(cache(root), h)) == 64) {
        out.add(CrashFixtures.object(cache(root), h));
      }
    }
    return out;
  }

  /** gc never removes an object that a pointer names. */
  private static void assertReferencedKept(Path root, String context) {
    for (String h : concat(BIG_HASHES, SMALL_HASHES)) {
      assertTrue(Files.isRegularFile(CrashFixtures.object(cache(root), h)), "gc removed " + h + ", which a pointer names, at " + context);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
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
          CrashFixtures.assertStoreIntact(cache(root), context);
        })
        .afterRerun((root, old, neu, context) -> assertInSync(root));
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
          assertInSync(root);
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

  private static final String REGISTRY = ".mlctl/registry/points.yaml";
  private static final String TRAIL = ".mlctl/registry/audit.jsonl";

  /** Two registered versions whose alias has moved back and forth, made once and copied for each point. */
  private static Path registryTemplate;

  private static synchronized Path registryTemplate() throws java.io.IOException {
    if (registryTemplate == null) {
      Path root = base.resolve("registry-template/repo");
      CliProject p = CliProject.init(root);
      try (java.io.InputStream in = CrashConsistencyTest.class.getResourceAsStream("/model/points.csv")) {
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

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
