package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcTest {
  @TempDir
  Path dir;

  private GitTestRepo repo;
  private String oldManifest;
  private String newManifest;
  private String stray;

  /** v1 of data/ is committed, v2 is committed on top; one object nothing ever referenced. */
  @BeforeEach
  void setUp() {
    repo = GitTestRepo.init(dir);
    repo.write("data/a.csv", "a1\n");
    repo.write("data/b.csv", "b\n");
    oldManifest = repo.add("data").added().get(0).output().sha256();
    repo.commit("v1", "data.mlctl", ".gitignore");
    repo.write("data/a.csv", "a2\n");
    newManifest = repo.add("data").added().get(0).output().sha256();
    repo.commit("v2", "data.mlctl");
    stray = repo.workspace().store().insert("nobody points here".getBytes(StandardCharsets.UTF_8)).hash();
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private Set<String> objects() {
    return new HashSet<>(repo.workspace().store().list());
  }

  @Test
  void gc_removesWhatTheWorkTreeDoesNotReference() {
    Gc.Result r = new Gc(repo.workspace()).call();

    assertEquals(Set.of(oldManifest, sha("a1\n"), stray), new HashSet<>(r.removed()));
    assertEquals(Set.of(newManifest, sha("a2\n"), sha("b\n")), objects());
    assertEquals(3, r.kept());
    assertFalse(r.dryRun());
  }

  @Test
  void gc_withAllCommits_keepsWhatAnOlderCommitReferences() {
    Gc.Result r = new Gc(repo.workspace()).allCommits(true).call();

    assertEquals(List.of(stray), r.removed());
    assertEquals(Set.of(oldManifest, newManifest, sha("a1\n"), sha("a2\n"), sha("b\n")), objects());
  }

  @Test
  void gc_withAllCommits_keepsWhatAnotherBranchOrTagReferences() throws Exception {
    repo.git().checkout().setCreateBranch(true).setName("experiment").call();
    repo.write("data/a.csv", "a3 on a branch\n");
    repo.add("data");
    repo.commit("experiment", "data.mlctl");
    repo.git().checkout().setName("main").call();
    new Checkout(repo.workspace()).call(repo.root(), List.of());

    new Gc(repo.workspace()).allCommits(true).call();

    assertTrue(objects().contains(sha("a3 on a branch\n")));
    assertEquals("a2\n", java.nio.file.Files.readString(repo.root().resolve("data/a.csv")));
  }

  /**
   * With all commits, gc keeps what any commit's mlctl.lock (a directory output with its files)
   * or model registry named, even once the work tree no longer does; a YAML file outside the
   * registry is not read as one, and an old commit's broken pointer keeps nothing and stops nothing.
   */
  @Test
  void gc_withAllCommits_keepsWhatAnOldLockOrRegistryNamed() {
    ObjectStore store = repo.workspace().store();
    String lockDep = store.insert("an old stage's input".getBytes(StandardCharsets.UTF_8)).hash();
    String fileInDir = store.insert("a file of an old stage output".getBytes(StandardCharsets.UTF_8)).hash();
    String dirManifest = store.insert(Manifest.of(List.of(new Manifest.Entry("f.bin", fileInDir, 29)))::writeTo).hash();
    String model = store.insert("a model once registered".getBytes(StandardCharsets.UTF_8)).hash();
    String card = store.insert("its card".getBytes(StandardCharsets.UTF_8)).hash();
    String notModel = store.insert("named by a YAML file that is no registry".getBytes(StandardCharsets.UTF_8)).hash();
    String notCard = store.insert("its would-be card".getBytes(StandardCharsets.UTF_8)).hash();
    repo.write("mlctl.lock", "schema: 1\nstages:\n  s:\n    cmd: make\n    deps:\n    - path: in.csv\n      sha256: " + lockDep
        + "\n      size: 20\n    outs:\n    - path: out\n      sha256: " + dirManifest + "\n      size: 29\n      kind: dir\n");
    String registry = "schema: 1\nname: iris\nversions:\n- version: 1\n  sha256: %s\n  size: 1\n  card_sha256: %s\n";
    repo.write(".mlctl/registry/iris.yaml", registry.formatted(model, card));
    repo.write("models/iris.yaml", registry.formatted(notModel, notCard));
    repo.write("broken.mlctl", "outs: [this is no pointer\n");
    repo.commit("a pipeline, a model and a broken pointer", "mlctl.lock", ".mlctl/registry/iris.yaml", "models/iris.yaml",
        "broken.mlctl");
    try {
      repo.git().rm().addFilepattern("mlctl.lock").addFilepattern(".mlctl/registry/iris.yaml").addFilepattern("broken.mlctl").call();
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IllegalStateException(e);
    }
    repo.commit("the pipeline and the model are gone", "models");

    Gc.Result r = new Gc(repo.workspace()).allCommits(true).call();

    assertEquals(Set.of(stray, notModel, notCard), new HashSet<>(r.removed()));
    assertEquals(Set.of(oldManifest, newManifest, sha("a1\n"), sha("a2\n"), sha("b\n"), lockDep, dirManifest, fileInDir, model, card),
        objects());

    // The work tree alone names none of them any more.
    Gc.Result workTree = new Gc(repo.workspace()).dryRun(true).call();
    assertTrue(workTree.removed().containsAll(List.of(lockDep, dirManifest, fileInDir, model, card, oldManifest)),
        workTree.removed().toString());
  }

  @Test
  void gc_dryRun_removesNothing() {
    Set<String> before = objects();

    Gc.Result r = new Gc(repo.workspace()).dryRun(true).call();

    assertEquals(3, r.removed().size());
    assertTrue(r.dryRun());
    assertEquals(before, objects());
  }

  @Test
  void gc_keepsTheFilesOfAReferencedManifest() {
    ObjectStore store = repo.workspace().store();
    Manifest m = Manifest.parse(store.readVerified(newManifest), "m");

    new Gc(repo.workspace()).call();

    for (Manifest.Entry e : m.entries()) {
      assertTrue(store.verify(e.sha256()), e.path());
    }
  }

  @Test
  void gc_whenAReferencedManifestIsDamaged_removesNoneOfItsFiles() {
    // The damaged manifest cannot say which files it lists, so gc cannot know that they are
    // unreferenced: it must keep them (or refuse to run), never delete a tracked directory's data.
    ObjectStore store = repo.workspace().store();
    Path m = store.path(newManifest);
    try {
      java.nio.file.Files.setPosixFilePermissions(m, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      java.nio.file.Files.writeString(m, "[]");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    // It refuses, naming the manifest, and removes nothing at all: not even objects it could
    // prove unreferenced, so that what it did is all or nothing.
    java.util.List<String> before = objects(store);
    io.mlctl.core.StorageException refused = org.junit.jupiter.api.Assertions.assertThrows(io.mlctl.core.StorageException.class,
        () -> new Gc(repo.workspace()).call());
    assertEquals("the manifest " + newManifest + " of a tracked directory is damaged; gc stopped and removed nothing", refused.getMessage());
    assertEquals(before, objects(store));
    assertTrue(store.contains(sha("a2\n")), "gc deleted data of a tracked directory");
    assertTrue(store.contains(sha("b\n")), "gc deleted data of a tracked directory");
  }

  private static java.util.List<String> objects(ObjectStore store) {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(store.path(sha("b\n")).getParent().getParent())) {
      return s.filter(java.nio.file.Files::isRegularFile).map(Path::toString).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
