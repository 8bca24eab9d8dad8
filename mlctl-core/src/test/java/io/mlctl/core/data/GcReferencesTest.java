package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What gc keeps besides the pointers of the work tree: everything {@code mlctl.lock} names (a
 * directory output with every file its manifest lists), what experiment runs need for {@code exp
 * apply} (parameter files, outputs, their own lock and all it names), and registered models with
 * their cards. Objects are put in the cache directly, so each test says exactly which bytes are
 * referenced how.
 */
class GcReferencesTest {
  private TestRepo repo;
  private ObjectStore store;

  @BeforeEach
  void setUp() {
    repo = TestRepo.empty();
    store = repo.workspace().store();
  }

  @AfterEach
  void tearDown() throws IOException {
    repo.close();
  }

  private String object(String text) {
    return store.insert(text.getBytes(StandardCharsets.UTF_8)).hash();
  }

  /** A directory manifest in the cache listing {@code files} (name to text), each file cached too. */
  private String manifest(Map<String, String> files) {
    List<Manifest.Entry> entries = new java.util.ArrayList<>();
    new java.util.TreeMap<>(files).forEach((name, text) ->
        entries.add(new Manifest.Entry(name, object(text), text.length())));
    return store.insert(Manifest.of(entries)::writeTo).hash();
  }

  private Set<String> objects() {
    return new HashSet<>(store.list());
  }

  private static String sha(String text) {
    return io.mlctl.core.store.Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String lock(String body) {
    return "schema: 1\nstages:\n" + body;
  }

  @Test
  void gc_keepsEveryHashTheWorkTreeLockNames_andTheFilesOfItsDirectories() {
    String dep = object("the training data");
    String model = object("the model");
    String dir = manifest(Map.of("a.csv", "a", "sub/b.csv", "bee"));
    // A manifest recorded as a plain file (no kind: dir) is kept itself, but lists nothing gc keeps.
    String asFile = manifest(Map.of("c.csv", "sea"));
    String stray = object("nobody names this");
    repo.write("mlctl.lock", lock("  train:\n    cmd: make\n    deps:\n    - path: data.csv\n      sha256: " + dep
        + "\n      size: 17\n    outs:\n    - path: model.bin\n      sha256: " + model + "\n      size: 9\n"
        + "    - path: out\n      sha256: " + dir + "\n      size: 4\n      kind: dir\n      nfiles: 2\n"
        + "    - path: listing\n      sha256: " + asFile + "\n      size: 1\n"
        + "    - path: odd\n      sha256: not-a-hash\n      size: 1\n      kind: dir\n"));

    Gc.Result r = new Gc(repo.workspace()).call();

    assertEquals(Set.of(stray, sha("sea")), new HashSet<>(r.removed()));
    assertEquals(Set.of(dep, model, dir, sha("a"), sha("bee"), asFile), objects());
    assertEquals(6, r.kept());
    assertEquals("nobody names this".length() + "sea".length(), r.bytes());
  }

  @Test
  void gc_ofAWorkTreeLockThatIsNotYaml_isBadInputNamingIt_andRemovesNothing() {
    String stray = object("nobody names this");
    repo.write("mlctl.lock", "stages: [unclosed\n");

    BadInputException e = assertThrows(BadInputException.class, () -> new Gc(repo.workspace()).call());

    assertTrue(e.getMessage().startsWith("mlctl.lock"), e.getMessage());
    assertEquals(Set.of(stray), objects());
  }

  @Test
  void gc_whenMlctlLockIsAFolder_readsNoLock() throws IOException {
    String stray = object("nobody names this");
    Files.createDirectories(repo.path("mlctl.lock"));

    Gc.Result r = new Gc(repo.workspace()).call();

    assertEquals(List.of(stray), r.removed());
    assertEquals(Set.of(), objects());
  }

  @Test
  void gc_keepsWhatARunNeedsForExpApply_includingEverythingItsOwnLockNames() {
    String params = object("lr: 0.1\n");
    String out = object("the run's model");
    String dep = object("the run's data");
    String dir = manifest(Map.of("x.bin", "ex", "y.bin", "why"));
    String runLock = object(lock("  train:\n    cmd: make\n    deps:\n    - path: data.csv\n      sha256: " + dep
        + "\n      size: 14\n    outs:\n    - path: out\n      sha256: " + dir + "\n      size: 5\n      kind: dir\n"));
    String stray = object("nobody names this");
    put(run("r1", Map.of("params.yaml", params), Map.of("model.bin", out), runLock));

    Gc.Result r = new Gc(repo.workspace()).call();

    assertEquals(List.of(stray), r.removed());
    assertEquals(Set.of(params, out, dep, dir, sha("ex"), sha("why"), runLock), objects());
  }

  @Test
  void gc_ofARunWhoseLockLeftTheCache_keepsTheRest() {
    String params = object("lr: 0.1\n");
    String gone = sha("a lock removed by hand");
    String stray = object("nobody names this");
    put(run("r1", Map.of("params.yaml", params), Map.of(), gone));
    put(run("r2", Map.of(), Map.of(), "not a hash"));

    Gc.Result r = new Gc(repo.workspace()).call();

    assertEquals(List.of(stray), r.removed());
    assertEquals(Set.of(params), objects());
  }

  @Test
  void gc_ofTwoRunsSharingOneLock_keepsWhatItNamesOnce() {
    String dep = object("shared data");
    String runLock = object(lock("  s:\n    cmd: make\n    deps:\n    - path: d\n      sha256: " + dep + "\n      size: 11\n"));
    put(run("r1", Map.of(), Map.of(), runLock));
    put(run("r2", Map.of(), Map.of(), runLock));

    Gc.Result r = new Gc(repo.workspace()).call();

    assertEquals(List.of(), r.removed());
    assertEquals(Set.of(dep, runLock), objects());
  }

  @Test
  void gc_ofARunWhoseLockIsNotYaml_isBadInputNamingTheRun() {
    String runLock = object("stages: [unclosed\n");
    put(run("r1", Map.of(), Map.of(), runLock));

    BadInputException e = assertThrows(BadInputException.class, () -> new Gc(repo.workspace()).call());

    assertTrue(e.getMessage().startsWith("the mlctl.lock of run r1"), e.getMessage());
    assertEquals(Set.of(runLock), objects());
  }

  @Test
  void gc_ofARunWhoseLockNamesADamagedManifest_stopsAndRemovesNothing() throws IOException {
    String dir = manifest(Map.of("x.bin", "ex"));
    String runLock = object(lock("  s:\n    cmd: make\n    outs:\n    - path: out\n      sha256: " + dir
        + "\n      size: 2\n      kind: dir\n"));
    String stray = object("nobody names this");
    put(run("r1", Map.of(), Map.of(), runLock));
    Files.setPosixFilePermissions(store.path(dir), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(store.path(dir), "not a manifest");

    StorageException e = assertThrows(StorageException.class, () -> new Gc(repo.workspace()).call());

    assertEquals("the manifest " + dir + " of a tracked directory is damaged; gc stopped and removed nothing", e.getMessage());
    assertTrue(objects().containsAll(Set.of(sha("ex"), stray, runLock)));
  }

  @Test
  void gc_keepsEveryRegisteredModelAndItsCard() {
    String model = object("model bytes");
    String card = object("{\"card\": true}");
    String stray = object("nobody names this");
    repo.write(".mlctl/registry/iris.yaml", "schema: 1\nname: iris\nversions:\n- version: 1\n  sha256: " + model
        + "\n  size: 11\n  card_sha256: " + card + "\n");

    Gc.Result r = new Gc(repo.workspace()).call();

    assertEquals(List.of(stray), r.removed());
    assertEquals(Set.of(model, card), objects());
  }

  @Test
  void gc_dryRun_countsTheBytesItWouldFree_andKeepsThem() {
    String big = object("x".repeat(1000));
    String small = object("y");
    String kept = object("kept");
    repo.write("mlctl.lock", lock("  s:\n    cmd: make\n    outs:\n    - path: k\n      sha256: " + kept + "\n      size: 4\n"));

    Gc.Result r = new Gc(repo.workspace()).dryRun(true).call();

    assertEquals(Set.of(big, small), new HashSet<>(r.removed()));
    assertEquals(1001, r.bytes());
    assertEquals(1, r.kept());
    assertEquals(Set.of(big, small, kept), objects());
    assertEquals("x".repeat(1000), new String(store.readVerified(big), StandardCharsets.UTF_8));
  }

  private void put(RunRecord r) {
    new RunStore(repo.workspace().layout().runs()).put(r);
  }

  private static RunRecord run(String id, Map<String, String> paramFiles, Map<String, String> outs, String lockFile) {
    RunRecord.Builder b = RunRecord.empty(id, "2026-12-01T10:00:00Z").toBuilder();
    b.status = RunRecord.SUCCESS;
    b.ended = "2026-12-01T10:01:00Z";
    b.paramFiles = new java.util.LinkedHashMap<>(paramFiles);
    b.outs = new java.util.LinkedHashMap<>(outs);
    b.lockFile = lockFile;
    return b.build();
  }
}
