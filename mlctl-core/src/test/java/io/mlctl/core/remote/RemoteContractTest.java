package io.mlctl.core.remote;

import static io.mlctl.core.remote.RemoteTestProject.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.MlctlException;
import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Fsck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every kind of remote must do, run once per kind by a subclass: push and fetch move only
 * missing objects, the remote keeps the cache's layout, and damaged or truncated bytes on the
 * remote never reach the cache or the work tree.
 */
abstract class RemoteContractTest {
  static final String CSV = "x,y\n1,2\n3,4\n";

  @TempDir
  Path tmp;

  RemoteTestProject a;

  /** Adds remote {@code name} to the project, at a location of its own for this test. */
  abstract void addRemote(RemoteTestProject project, String name) throws IOException;

  /** Every object on this test's remote, as {@code sha256/ab/cdef…} relative to the remote's root, sorted. */
  abstract List<String> remoteObjects() throws IOException;

  /** The bytes the remote holds for an object. */
  abstract byte[] readOnRemote(String hash) throws IOException;

  /** Replaces an object on the remote with other bytes, as a faulty disk or another tool would. */
  abstract void replaceOnRemote(String hash, byte[] bytes) throws IOException;

  /** Writes bytes at a path relative to the remote's root, as another tool or a faulty disk would. */
  abstract void writeOnRemote(String rel, byte[] bytes) throws IOException;

  /** A stage with a file and a directory output that notes each real run in ran.log, which no output holds. */
  static final String RUN_PIPELINE = """
      stages:
        copy:
          cmd: [cp data/raw.csv out.csv, mkdir -p outdir/sub && echo made > outdir/sub/x.txt, echo ran >> ran.log]
          deps: [data/raw.csv]
          outs: [out.csv, outdir]
      """;

  @BeforeEach
  void project() throws IOException {
    a = RemoteTestProject.init(tmp.resolve("a"));
    a.write("data/raw.csv", CSV);
    a.write("images/a.png", bytes(1000, 1));
    a.write("images/sub/b.png", bytes(3000, 2));
    a.add("data/raw.csv", "images");
    addRemote(a, "origin");
  }

  static String objectPath(String hash) {
    return "sha256/" + hash.substring(0, 2) + "/" + hash.substring(2);
  }

  @Test
  void push_whenRemoteEmpty_sendsEveryObjectOfFilesAndDirectories() {
    Transfer.Result r = a.push("origin", 4);

    // raw.csv, a.png, b.png and the manifest of images
    assertEquals(4, r.transferred());
    assertEquals(0, r.skipped());
    assertEquals(List.of(), r.missing());
    assertEquals(CSV.length() + 1000 + 3000 + a.ws().store().size(a.hashOf("images")), r.bytes());
  }

  @Test
  void push_keepsTheCacheLayout_andEachObjectHoldsTheBytesOfItsName() throws IOException {
    a.push("origin", 4);

    List<String> cached = a.ws().store().list().stream().map(RemoteContractTest::objectPath).sorted().toList();
    assertEquals(cached, remoteObjects());
    for (String h : a.ws().store().list()) {
      assertArrayEquals(Files.readAllBytes(a.ws().store().path(h)), readOnRemote(h), h);
    }
  }

  @Test
  void push_whenRemoteHasEverything_transfersNothing() {
    a.push("origin", 4);

    Transfer.Result again = a.push("origin", 4);

    assertEquals(0, again.transferred());
    assertEquals(0, again.bytes());
    assertEquals(4, again.skipped());
  }

  @Test
  void push_ofOneTarget_sendsOnlyItsObjects() throws IOException {
    Transfer.Result r = a.push("origin", 4, "data/raw.csv");

    assertEquals(1, r.transferred());
    assertEquals(List.of(objectPath(a.hashOf("data/raw.csv"))), remoteObjects());
  }

  @Test
  void push_whenCacheLacksAnObject_sendsTheRest_andReportsItsPathAsMissing() throws IOException {
    String h = a.hashOf("data/raw.csv");
    Files.delete(a.ws().store().path(h));

    Transfer.Result r = a.push("origin", 4);

    assertEquals(3, r.transferred());
    assertEquals(List.of("data/raw.csv"), r.missing());
    assertFalse(remoteObjects().contains(objectPath(h)));
  }

  @Test
  void push_whenCacheObjectIsDamaged_refusesToSendIt() throws IOException {
    // Bytes leave the cache here: sending them unchecked would put a wrong object under the
    // hash's name, and every clone would then fetch a "damaged object on the remote".
    String h = a.hashOf("data/raw.csv");
    Path obj = a.ws().store().path(h);
    Files.setPosixFilePermissions(obj, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(obj, "x,y\n1,2\n3,5\n");

    MlctlException e = assertThrows(MlctlException.class, () -> a.push("origin", 1, "data/raw.csv"));

    assertTrue(e.getMessage().contains(h), e.getMessage());
    assertFalse(remoteObjects().contains(objectPath(h)), "the damaged bytes stayed at home");
  }

  @Test
  void fetch_intoAClone_receivesEveryObjectIntact() throws IOException {
    a.push("origin", 4);
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));

    Transfer.Result r = b.fetch("origin", 4);

    // raw.csv, a.png, b.png and the manifest of images, as push counted them
    assertEquals(4, r.transferred());
    assertEquals(0, r.skipped());
    assertEquals(CSV.length() + 1000 + 3000 + a.ws().store().size(a.hashOf("images")), r.bytes());
    assertEquals(List.of(), r.missing());
    assertEquals(a.ws().store().list().stream().sorted().toList(), b.ws().store().list().stream().sorted().toList());
    for (String h : a.ws().store().list()) {
      assertArrayEquals(Files.readAllBytes(a.ws().store().path(h)), Files.readAllBytes(b.ws().store().path(h)), h);
    }
    assertTrue(new Fsck(b.ws()).call().ok());
  }

  @Test
  void fetch_whenCacheHasEverything_transfersNothing() {
    a.push("origin", 4);

    Transfer.Result r = a.fetch("origin", 4);

    assertEquals(0, r.transferred());
    assertEquals(4, r.skipped());
  }

  @Test
  void fetch_ofAFileInsideADirectory_receivesTheManifestAndThatFileOnly() {
    a.push("origin", 4);
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));

    Transfer.Result r = b.fetch("origin", 2, "images/sub/b.png");

    assertEquals(2, r.transferred());
    assertTrue(b.cached(a.hashOf("images")), "the manifest comes first, to find the file in it");
    assertEquals(2, b.ws().store().list().size());
  }

  @Test
  void fetch_whenRemoteLacksAnObject_reportsItsPathAsMissing() {
    a.push("origin", 4, "data/raw.csv");
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));

    Transfer.Result r = b.fetch("origin", 4);

    assertEquals(1, r.transferred());
    assertEquals(List.of("images"), r.missing());
  }

  @Test
  void fetch_whenRemoteObjectIsDamaged_failsNamingIt_andNeitherCacheNorWorkTreeGetsIt() throws IOException {
    a.push("origin", 4);
    String h = a.hashOf("data/raw.csv");
    replaceOnRemote(h, "x,y\n1,2\n3,5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    Map<String, String> before = b.workTree();

    RemoteException e = assertThrows(RemoteException.class, () -> b.fetch("origin", 1, "data/raw.csv"));

    assertTrue(e.getMessage().contains(h), e.getMessage());
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    assertFalse(b.cached(h));
    assertEquals(before, b.workTree());
    assertEquals(List.of(), b.tempFiles());
  }

  @Test
  void fetch_whenRemoteObjectIsTruncated_failsNamingIt_andNeitherCacheNorWorkTreeGetsIt() throws IOException {
    a.push("origin", 4);
    String fileHash = a.ws().manifest(a.hashOf("images"), "images").orElseThrow().entries().stream()
        .filter(en -> en.path().equals("sub/b.png")).findFirst().orElseThrow().sha256();
    byte[] whole = readOnRemote(fileHash);
    replaceOnRemote(fileHash, Arrays.copyOf(whole, whole.length / 2));
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    Map<String, String> before = b.workTree();

    RemoteException e = assertThrows(RemoteException.class, () -> b.fetch("origin", 2));

    assertTrue(e.getMessage().contains(fileHash), e.getMessage());
    assertFalse(b.cached(fileHash));
    assertEquals(before, b.workTree());
    assertTrue(new Fsck(b.ws()).call().ok());
    assertEquals(List.of(), b.tempFiles());
  }

  @Test
  void push_fromAnIntactCache_repairsADamagedRemoteObject_asTheFetchErrorAdvises() throws IOException {
    a.push("origin", 4);
    String h = a.hashOf("data/raw.csv");
    replaceOnRemote(h, "x,y\n1,2\n3,5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    RemoteException e = assertThrows(RemoteException.class, () -> b.fetch("origin", 1, "data/raw.csv"));
    assertTrue(e.hint().orElse("").contains("push it again"), e.hint().toString());

    a.push("origin", 4, "data/raw.csv");

    assertEquals(1, b.fetch("origin", 1, "data/raw.csv").transferred());
    assertArrayEquals(CSV.getBytes(java.nio.charset.StandardCharsets.UTF_8), readOnRemote(h));
  }

  /** What a fetch brings for the work tree to link to or copy once goes past the page cache; the same bytes either way. */
  @Test
  void downloadCold_writesPastThePageCacheWhereTheFileSystemTakesIt_downloadDoesNot() throws IOException {
    byte[] big = RemoteTestProject.bytes(300 * 1024 + 5, 21);
    a.write("models/big.bin", big);
    a.add("models/big.bin");
    a.push("origin", 2);
    String h = a.hashOf("models/big.bin");
    Path dir = Files.createDirectories(tmp.resolve("down"));
    boolean direct = io.mlctl.core.store.CopierTest.directOffered(dir);
    try (RemoteStore store = a.open("origin")) {
      long before = io.mlctl.core.store.Copier.directSoFar();
      assertEquals(h, store.download(h, dir.resolve("warm")));
      assertEquals(before, io.mlctl.core.store.Copier.directSoFar(), "an object read right after goes through the page cache");
      assertEquals(h, store.downloadCold(h, dir.resolve("cold")));
      assertEquals(before + (direct ? 1 : 0), io.mlctl.core.store.Copier.directSoFar());
      assertArrayEquals(big, Files.readAllBytes(dir.resolve("cold")));
      assertThrows(java.nio.file.NoSuchFileException.class, () -> store.downloadCold("0".repeat(64), dir.resolve("absent")));
    }
  }

  @Test
  void emptyFile_roundTrips() throws IOException {
    a.write("empty.txt", "");
    a.add("empty.txt");
    a.push("origin", 1, "empty.txt");
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));

    Transfer.Result r = b.fetch("origin", 1, "empty.txt");

    assertEquals(1, r.transferred());
    assertEquals(0, Files.size(b.ws().store().path(a.hashOf("empty.txt"))));
  }

  @Test
  void fetchObjects_replacesADamagedCacheObject() throws IOException {
    a.push("origin", 4);
    String h = a.hashOf("data/raw.csv");
    Path obj = a.ws().store().path(h);
    Files.setPosixFilePermissions(obj, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(obj, "damaged");

    Transfer.Result r;
    try (RemoteStore store = a.open("origin"); var lock = a.project().lock()) {
      r = new Transfer(a.ws(), store, 1).fetchObjects(List.of(h));
    }

    assertEquals(1, r.transferred());
    assertEquals(CSV, Files.readString(obj));
    assertTrue(new Fsck(a.ws()).call().ok());
  }

  @Test
  void compare_beforeAndAfterPush() {
    Transfer.Comparison before;
    Transfer.Comparison after;
    try (RemoteStore store = a.open("origin")) {
      before = new Transfer(a.ws(), store, 1).compare(Transfer.targets(a.ws(), a.root(), List.of()));
    }
    a.push("origin", 4);
    try (RemoteStore store = a.open("origin")) {
      after = new Transfer(a.ws(), store, 1).compare(Transfer.targets(a.ws(), a.root(), List.of()));
    }

    // Paths only, as --json promises: a directory whose manifest is missing is named by its path.
    assertEquals(List.of("data/raw.csv", "images", "images/a.png", "images/sub/b.png"), before.notInRemote());
    assertEquals(List.of(), before.notInCache());
    assertEquals(List.of(), after.notInRemote());
    assertEquals(List.of(), after.notInCache());
  }

  private RemoteTestProject ranAndPushedWithRuns() {
    a.write("mlctl.yaml", RUN_PIPELINE);
    assertEquals(io.mlctl.core.pipeline.ReproResult.Outcome.RAN, a.repro().stages().get(0).outcome());
    RunTransfer.Both pushed = a.pushWithRuns("origin", 3);
    assertEquals(1, pushed.runs().entries());
    assertEquals(List.of(), pushed.runs().skipped());
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    b.write("data/raw.csv", CSV);
    b.write("mlctl.yaml", RUN_PIPELINE);
    return b;
  }

  @Test
  void runCache_pushThenFetchInAClone_letsReproRestoreTheStageWithoutRunningIt() throws IOException {
    RemoteTestProject b = ranAndPushedWithRuns();
    String key = a.runKeys().get(0);
    assertTrue(remoteObjects().contains("runs/" + key.substring(0, 2) + "/" + key.substring(2)), remoteObjects().toString());

    RunTransfer.Both fetched = b.fetchWithRuns("origin", 3, "data/raw.csv");

    assertEquals(1, fetched.runs().entries());
    assertEquals(List.of(key), b.runKeys());
    assertArrayEquals(Files.readAllBytes(a.project().layout().runCache().resolve(key.substring(0, 2)).resolve(key.substring(2))),
        Files.readAllBytes(b.project().layout().runCache().resolve(key.substring(0, 2)).resolve(key.substring(2))));
    // data/raw.csv (out.csv holds the same bytes), the manifest of outdir and its one file
    assertEquals(3, fetched.objects().transferred());
    assertEquals(List.of(), fetched.objects().missing());
    assertEquals(io.mlctl.core.pipeline.ReproResult.Outcome.RESTORED_FROM_RUN_CACHE, b.repro().stages().get(0).outcome());
    assertEquals(CSV, Files.readString(b.root().resolve("out.csv")));
    assertEquals("made\n", Files.readString(b.root().resolve("outdir/sub/x.txt")));
    assertFalse(Files.exists(b.root().resolve("ran.log")), "the stage's command did not run");
    assertEquals("ran\n", Files.readString(a.root().resolve("ran.log")));
  }

  @Test
  void runCache_secondPushAndFetch_moveNoEntries() {
    RemoteTestProject b = ranAndPushedWithRuns();
    b.fetchWithRuns("origin", 2);

    RunTransfer.Both pushed = a.pushWithRuns("origin", 2);
    RunTransfer.Both fetched = b.fetchWithRuns("origin", 2);

    assertEquals(0, pushed.runs().entries());
    assertEquals(1, pushed.runs().present());
    assertEquals(0, pushed.objects().transferred());
    assertEquals(0, fetched.runs().entries());
    assertEquals(1, fetched.runs().present());
    assertEquals(0, fetched.objects().transferred());
  }

  @Test
  void runCache_damagedEntriesOnTheRemote_areSkippedWithANote_andNeverWritten() throws IOException {
    RemoteTestProject b = ranAndPushedWithRuns();
    String notJson = "aa" + "0".repeat(62);
    String escapes = "bb" + "0".repeat(62);
    String truncated = "cc" + "0".repeat(62);
    writeOnRemote("runs/aa/" + notJson.substring(2), "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    writeOnRemote("runs/bb/" + escapes.substring(2), ("[{\"path\":\"../outside.csv\",\"sha256\":\"" + a.hashOf("data/raw.csv")
        + "\",\"size\":12}]").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    writeOnRemote("runs/cc/" + truncated.substring(2), "[{\"path\":\"out.csv\",\"sha".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    RunTransfer.Both fetched = b.fetchWithRuns("origin", 2);

    assertEquals(1, fetched.runs().entries());
    assertEquals(List.of(a.runKeys().get(0)), b.runKeys());
    List<String> notes = fetched.runs().skipped();
    assertEquals(3, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith("run-cache entry runs/aa/" + notJson.substring(2) + " on remote 'origin' is damaged (not JSON"), notes.get(0));
    assertTrue(notes.get(1).startsWith("run-cache entry runs/bb/" + escapes.substring(2) + " on remote 'origin' is damaged (an output has no valid relative 'path'"), notes.get(1));
    assertTrue(notes.get(2).contains("runs/cc/" + truncated.substring(2)), notes.get(2));
    assertEquals(List.of(), b.tempFiles());
    assertEquals(io.mlctl.core.pipeline.ReproResult.Outcome.RESTORED_FROM_RUN_CACHE, b.repro().stages().get(0).outcome());
  }

  @Test
  void runCache_entryWhoseObjectsTheRemoteLacks_isNotStored() throws IOException {
    a.write("mlctl.yaml", RUN_PIPELINE);
    a.repro();
    a.push("origin", 2);
    String key = "dd" + "1".repeat(62);
    String absent = "ee" + "2".repeat(62);
    writeOnRemote("runs/dd/" + key.substring(2), ("[{\"path\":\"out.csv\",\"sha256\":\"" + absent
        + "\",\"size\":3,\"dir\":false,\"nfiles\":0}]").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));

    RunTransfer.Both fetched = b.fetchWithRuns("origin", 2);

    assertEquals(0, fetched.runs().entries());
    assertEquals(List.of("run-cache entry runs/dd/" + key.substring(2) + " names objects remote 'origin' lacks; not stored"),
        fetched.runs().skipped());
    assertEquals(List.of(), fetched.objects().missing(), "an entry's objects are not the user's data");
    assertEquals(List.of(), b.runKeys());
  }

  @Test
  void runCache_entryWhoseObjectIsDamagedOnTheRemote_failsNamingIt_andIsNotStored() throws IOException {
    RemoteTestProject b = ranAndPushedWithRuns();
    String out = sha256Of(Files.readAllBytes(a.root().resolve("out.csv")));
    // out.csv holds the same bytes as raw.csv: damage that object and fetch only the run cache.
    replaceOnRemote(out, "x,y\n1,2\n3,5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.delete(b.root().resolve("data/raw.csv.mlctl"));

    RemoteException e = assertThrows(RemoteException.class, () -> b.fetchWithRuns("origin", 2));

    assertTrue(e.getMessage().contains(out) && e.getMessage().contains("damaged"), e.getMessage());
    assertFalse(b.cached(out));
    assertEquals(List.of(), b.runKeys());
  }

  @Test
  void push_withoutRunCache_sendsNoEntries() throws IOException {
    a.write("mlctl.yaml", RUN_PIPELINE);
    a.repro();
    assertEquals(1, a.runKeys().size());

    a.push("origin", 2);

    assertTrue(remoteObjects().stream().noneMatch(p -> p.startsWith("runs/")), remoteObjects().toString());
  }

  private static String sha256Of(byte[] bytes) {
    return io.mlctl.core.store.Sha256.of(bytes);
  }
}
