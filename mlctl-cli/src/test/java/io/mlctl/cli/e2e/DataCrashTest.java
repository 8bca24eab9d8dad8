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
 * SIGKILLs a child {@code mlctl add}, {@code checkout}, {@code push}, {@code pull} or {@code gc}
 * at points a seeded schedule draws ({@link KillSchedule}): byte offsets into a temporary object,
 * the k-th object in the cache or on the remote, the k-th file in the work tree, the k-th
 * unreferenced object gc removes, the lock taken. After every kill (see {@link CrashScenario}):
 * {@code fsck} is clean, each pointer, {@code .gitignore}, {@code mlctl.lock}, run record and
 * registry file is byte for byte its old or its new version, re-running the command completes it
 * and reaches the state an uninterrupted run reaches, and no temporary file is left in the work
 * tree. A kill point whose child finished before the kill is tried again, and fails if it keeps
 * being outrun: no point passes without a kill.
 */
class DataCrashTest {
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
    System.err.println(CrashScenario.summary());
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
                root -> Crash.present(CrashFixtures.objects(CrashFixtures.cache(root), SMALL_HASHES), k));
          }
          case 1 -> {
            int k = 1 + r.nextInt(BIGS - 1);
            yield new CrashScenario.Spec("big object " + k + " of " + BIGS,
                root -> Crash.present(CrashFixtures.objects(CrashFixtures.cache(root), BIG_HASHES), k));
          }
          default -> {
            long at = (1L << 20) + (long) (r.nextDouble() * (BIG * 3 / 4));
            yield new CrashScenario.Spec("a temporary object at " + at + " bytes", root -> Crash.tempObject(root, at));
          }
        })
        .afterKill((root, old, neu, context) -> CrashFixtures.assertStoreIntact(CrashFixtures.cache(root), context))
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
          CrashFixtures.assertInSync(root);
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
          CrashFixtures.assertInSync(other.root());
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
        .points(6, r -> storeFilling(r, CrashFixtures::cache,
            Crash::tempObject, "a temporary object"))
        .afterKill((root, old, neu, context) -> {
          CrashFixtures.assertStoreIntact(CrashFixtures.cache(root), context);
          assertDataAbsentOrWhole(root, context);
        })
        .afterRerun((root, old, neu, context) -> {
          CrashFixtures.assertInSync(root);
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
          CrashFixtures.assertStoreIntact(CrashFixtures.cache(root), context);
          assertReferencedKept(root, context);
        })
        .afterRerun((root, old, neu, context) -> {
          assertReferencedKept(root, context);
          List<String> left = new ArrayList<>();
          try (Stream<Path> s = Files.walk(CrashFixtures.cache(root), 2)) {
            s.filter(Files::isRegularFile).forEach(p -> left.add(p.getParent().getFileName() + "" + p.getFileName()));
          }
          assertEquals(BIGS + SMALLS + 1, left.size(), "objects after gc: the data's and the folder's manifest");
          CrashFixtures.assertInSync(root);
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
      Path p = CrashFixtures.object(CrashFixtures.cache(root), h);
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
    for (String h : new io.mlctl.core.store.ObjectStore(CrashFixtures.cache(root), root.resolve(".mlctl/tmp")).list()) {
      if (!referenced.contains(h) && Crash.size(CrashFixtures.object(CrashFixtures.cache(root), h)) == 64) {
        out.add(CrashFixtures.object(CrashFixtures.cache(root), h));
      }
    }
    return out;
  }

  /** gc never removes an object that a pointer names. */
  private static void assertReferencedKept(Path root, String context) {
    for (String h : concat(BIG_HASHES, SMALL_HASHES)) {
      assertTrue(Files.isRegularFile(CrashFixtures.object(CrashFixtures.cache(root), h)), "gc removed " + h + ", which a pointer names, at " + context);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }


  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
