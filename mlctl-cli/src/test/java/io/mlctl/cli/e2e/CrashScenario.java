package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * One command of the crash suite: how its fixture is made, the command, how kill points are
 * drawn for it, and what must hold after a kill and after the re-run. Each kill point runs on a
 * fresh fixture in its own folder ({@code repo} is the project the command runs in), against a
 * reference: the same command run to the end, uninterrupted, on another fresh fixture.
 */
final class CrashScenario {
  /** A kill point as the schedule draws it, before there is a fixture to watch. */
  record Spec(String name, Function<Path, Crash.Event> event) {}

  /** Checks on a fixture's project: after the kill (with the snapshot from before), or after the re-run. */
  @FunctionalInterface
  interface Check {
    void check(Path root, Snapshot old, Snapshot neu, String context) throws Exception;
  }

  @FunctionalInterface
  interface SetUp {
    void make(Path dir) throws Exception;
  }

  private final String name;
  private final String[] args;
  private SetUp setUp = dir -> CliProject.init(dir.resolve("repo"));
  private Function<Random, Spec> draw;
  private int perCommand;
  private Check afterKill = (root, old, neu, context) -> { };
  private Check afterRerun = (root, old, neu, context) -> { };
  private Predicate<String> varying = rel -> false;
  private Predicate<String> partial = rel -> false;
  private final Path base;
  private Snapshot reference;
  private final AtomicInteger seq = new AtomicInteger();
  /** Kill points that landed, for the suite's summary. */
  static final java.util.Map<String, AtomicInteger> SURVIVED = new java.util.concurrent.ConcurrentSkipListMap<>();

  /** The kill points survived so far in this JVM, per command, and how often a child outran the test. */
  static String summary() {
    return "crash suite (seed " + KillSchedule.seed() + ", scale " + KillSchedule.scale() + "): kill points survived per command "
        + SURVIVED + "; attempts the child outran (tried again) " + Crash.OUTRUN.get();
  }

  CrashScenario(Path base, String name, String... args) {
    this.base = base;
    this.name = name;
    this.args = args;
  }

  CrashScenario setUp(SetUp s) {
    this.setUp = s;
    return this;
  }

  CrashScenario points(int n, Function<Random, Spec> d) {
    this.perCommand = n;
    this.draw = d;
    return this;
  }

  CrashScenario afterKill(Check c) {
    this.afterKill = c;
    return this;
  }

  CrashScenario afterRerun(Check c) {
    this.afterRerun = c;
    return this;
  }

  /** Files whose new version differs from run to run (times, run ids): compared by their own checks. */
  CrashScenario varying(Predicate<String> v) {
    this.varying = v;
    return this;
  }

  /**
   * Files a command rewrites whole several times on its way (mlctl.lock, once per stage): the
   * after-kill check leaves them to {@link #afterKill}; after the re-run they must equal the
   * reference byte for byte.
   */
  CrashScenario partial(Predicate<String> p) {
    this.partial = p;
    return this;
  }

  String[] args() {
    return args;
  }

  /** The project's files after the command ran uninterrupted on a fresh fixture. */
  synchronized Snapshot reference() throws Exception {
    if (reference == null) {
      Path dir = base.resolve(name + "-reference");
      setUp.make(dir);
      Path root = dir.resolve("repo");
      CliProject.Run r = CliProject.at(root).run(args);
      assertEquals(0, r.code(), "the uninterrupted " + name + ":\n" + r);
      reference = Snapshot.of(root);
      CrashFixtures.deleteTree(dir);
    }
    return reference;
  }

  Stream<DynamicTest> tests() {
    List<Spec> specs = KillSchedule.points(name, perCommand, draw);
    List<DynamicTest> out = new ArrayList<>();
    for (Spec s : specs) {
      out.add(DynamicTest.dynamicTest(name + ": kill at " + s.name() + " (seed " + KillSchedule.seed() + ")", () -> run(s)));
    }
    return out.stream();
  }

  private void run(Spec s) throws Exception {
    String context = "mlctl " + String.join(" ", args) + " killed at " + s.name() + "; " + KillSchedule.replay();
    try {
      Crash.withRetries(() -> once(s, context));
      SURVIVED.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    } catch (AssertionError e) {
      throw new AssertionError(context + "\n" + e.getMessage(), e);
    }
  }

  private void once(Spec s, String context) throws Exception {
    Snapshot neu = reference();
    Path dir = base.resolve(name + "-" + seq.incrementAndGet());
    try {
      setUp.make(dir);
      Path root = dir.resolve("repo");
      Snapshot old = Snapshot.of(root);

      Crash.killAt(root, new Crash.Point(s.name(), s.event().apply(root)), args);

      CliProject project = CliProject.at(root);
      CliProject.Run fsck = project.run("fsck");
      assertEquals(0, fsck.code(), "fsck after the kill\n" + fsck);
      Predicate<String> own = varying.or(partial);
      Snapshot.of(root).without(own).assertEachOldOrNew(old.without(own), neu.without(own), context);
      afterKill.check(root, old, neu, context);

      CliProject.Run again = project.run(args);
      assertEquals(0, again.code(), "the re-run after the kill\n" + again);
      assertEquals(neu.without(varying).ignoringLineOrder(), Snapshot.of(root).withoutKilledRuns().without(varying).ignoringLineOrder(),
          "the re-run did not reach the uninterrupted run's state");
      assertEquals(0, project.run("fsck").code(), "fsck after the re-run");
      assertEquals(List.of(), CrashFixtures.tempSiblings(root), "temporary files left in the work tree after the re-run");
      afterRerun.check(root, old, neu, context);
    } finally {
      if (Files.exists(dir)) {
        CrashFixtures.deleteTree(dir);
      }
    }
  }
}
