package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.CorruptObjectException;
import io.mlctl.core.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectStoreTest {
  private FileSystem fs;
  private ObjectStore store;
  private Path tmp;

  @BeforeEach
  void setUp() throws IOException {
    fs = TestRepo.newFileSystem();
    tmp = fs.getPath("/repo/.mlctl/tmp");
    store = new ObjectStore(fs.getPath("/repo/.mlctl/cache/sha256"), tmp);
    Files.createDirectories(fs.getPath("/repo/data"));
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  /** SHA-256 computed here, independently of the code under test. */
  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(fs.getPath("/repo/data").resolve(name), bytes);
  }

  @Test
  void insert_storesTheBytesUnderTheirHash() throws Exception {
    byte[] bytes = "1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
    Path src = file("a.csv", bytes);

    ObjectStore.Inserted ins = store.insert(src);

    String hash = sha256(bytes);
    assertEquals(hash, ins.hash());
    assertEquals(bytes.length, ins.size());
    assertTrue(ins.written());
    Path object = fs.getPath("/repo/.mlctl/cache/sha256", hash.substring(0, 2), hash.substring(2));
    assertEquals(object, store.path(hash));
    assertArrayEquals(bytes, Files.readAllBytes(object));
    assertTrue(store.contains(hash));
    assertEquals(List.of(hash), store.list());
  }

  @Test
  void insert_makesTheObjectReadOnly() throws Exception {
    ObjectStore.Inserted ins = store.insert(file("a.csv", new byte[] {1, 2, 3}));

    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(store.path(ins.hash()));

    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ),
        perms);
  }

  /** On a real disk the object is created read-only, so no chmod follows; sizes span each copy path. */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {3, (1 << 20) + 1, (64 << 20) + 5})
  void insert_onADisk_givesAReadOnlyObjectWithItsBytes_andNoTemporaryFile(int size, @TempDir Path dir)
      throws Exception {
    ObjectStore disk = new ObjectStore(dir.resolve("cache/sha256"), dir.resolve("tmp"));
    Path src = dir.resolve("src.bin");
    byte[] bytes = randomBytes(size, size);
    Files.write(src, bytes);

    ObjectStore.Inserted ins = disk.insert(src);
    ObjectStore.Inserted again = disk.insert(src);

    Path object = disk.path(ins.hash());
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ),
        Files.getPosixFilePermissions(object));
    assertArrayEquals(bytes, Files.readAllBytes(object));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), ins.hash());
    assertTrue(ins.written());
    assertFalse(again.written());
    try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
      assertEquals(List.of(), left.toList());
    }
  }

  // An object is created read-only; only where the umask takes bits away from r--r--r-- does
  // each object need a chmod after it is written.
  @Test
  void insert_onADisk_chmodsOnlyWhereCreatingReadOnlyFallsShort(@TempDir Path dir) throws Exception {
    Set<PosixFilePermission> readOnly = java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--");
    Path probe = Files.createFile(dir.resolve("probe"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(readOnly));
    boolean createdExactly = Files.getPosixFilePermissions(probe).equals(readOnly);
    ObjectStore disk = new ObjectStore(dir.resolve("cache/sha256"), dir.resolve("tmp"));

    for (int i = 0; i < 3; i++) {
      Path src = Files.write(dir.resolve("src" + i), randomBytes(1000 * i + 1, i));
      assertEquals(readOnly, Files.getPosixFilePermissions(disk.path(disk.insert(src).hash())));
    }
    assertEquals(createdExactly ? 0 : 3, disk.chmods());

    disk.insert(new byte[] {1, 2});
    assertEquals(createdExactly ? 1 : 4, disk.chmods(), "bytes from memory are written, then made read-only");
  }

  @Test
  void insert_inAFileSystemThatCreatesReadOnlyFiles_needsNoChmod() throws Exception {
    store.insert(file("a.bin", new byte[] {1}));
    store.insert(file("b.bin", new byte[] {2}));
    assertEquals(0, store.chmods());

    store.insert(out -> out.write(3));
    assertEquals(1, store.chmods());
  }

  @Test
  void insert_inAFileSystemWithoutPermissions_storesTheBytes() throws Exception {
    try (FileSystem basic = com.google.common.jimfs.Jimfs.newFileSystem(
        com.google.common.jimfs.Configuration.unix().toBuilder().setAttributeViews("basic").build())) {
      ObjectStore plain = new ObjectStore(basic.getPath("/cache/sha256"), basic.getPath("/tmp"));
      byte[] bytes = randomBytes(3000, 8);
      Path src = Files.write(basic.getPath("/a.bin"), bytes);

      ObjectStore.Inserted ins = plain.insert(src);

      assertEquals(new ObjectStore.Inserted(sha256(bytes), 3000, true), ins);
      assertArrayEquals(bytes, plain.readVerified(ins.hash()));
      assertEquals(0, plain.chmods());
    }
  }

  @Test
  void insert_whenTheObjectsFolderCannotBeMade_throwsAndLeavesNoTemporaryFile() throws Exception {
    byte[] bytes = "blocked".getBytes(StandardCharsets.UTF_8);
    String hash = sha256(bytes);
    Files.createDirectories(store.root());
    Files.writeString(store.root().resolve(hash.substring(0, 2)), "a file where the folder goes");
    Path src = file("blocked.txt", bytes);

    assertThrows(io.mlctl.core.StorageException.class, () -> store.insert(bytes));
    assertThrows(io.mlctl.core.StorageException.class, () -> store.insert(src));
    assertThrows(io.mlctl.core.StorageException.class, () -> store.insert(out -> out.write(bytes)));

    assertEquals(List.of(), names(tmp));
  }

  @Test
  void insert_whenObjectExists_doesNotWriteItAgain() throws Exception {
    byte[] bytes = "same bytes".getBytes(StandardCharsets.UTF_8);
    ObjectStore.Inserted first = store.insert(file("a.txt", bytes));
    FileTime old = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(store.path(first.hash()), old);

    ObjectStore.Inserted again = store.insert(file("b.txt", bytes));
    ObjectStore.Inserted fromMemory = store.insert(bytes);

    assertEquals(first.hash(), again.hash());
    assertFalse(again.written());
    assertFalse(fromMemory.written());
    assertEquals(old, Files.getLastModifiedTime(store.path(first.hash())));
    assertEquals(List.of(first.hash()), store.list());
  }

  @Test
  void insert_leavesNoTemporaryFile() throws Exception {
    store.insert(file("a.txt", new byte[] {1}));
    store.insert(new byte[] {2});
    store.insert(file("big.bin", randomBytes((1 << 20) + 5, 7)));

    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (13 << 20) + 7})
  void insert_ofAnySize_givesTheSameHashAsSha256Of(int size) throws Exception {
    // Past 1 MiB the bytes stream through three 4 MiB buffers; 13 MiB + 7 wraps them round.
    byte[] bytes = randomBytes(size, size);
    Path src = file("f.bin", bytes);

    ObjectStore.Inserted ins = store.insert(src);

    assertEquals(sha256(bytes), ins.hash());
    assertEquals(Sha256.of(src), ins.hash());
    assertEquals(size, ins.size());
    assertArrayEquals(bytes, Files.readAllBytes(store.path(ins.hash())));
    assertTrue(store.verify(ins.hash()));
  }

  @Test
  void insert_ofALongerThenAShorterFile_storesEachExactly() throws Exception {
    // Small files share one thread's read buffer: the shorter file must not keep the longer's tail.
    byte[] longer = randomBytes(300_000, 21);
    byte[] shorter = randomBytes(1_000, 22);

    ObjectStore.Inserted a = store.insert(file("long.bin", longer));
    ObjectStore.Inserted b = store.insert(file("short.bin", shorter));

    assertEquals(sha256(longer), a.hash());
    assertEquals(sha256(shorter), b.hash());
    assertArrayEquals(shorter, Files.readAllBytes(store.path(b.hash())));
    assertEquals(shorter.length, b.size());
  }

  @Test
  void insert_ofBytesInMemory_isNamedByTheirHash() throws Exception {
    byte[] bytes = "[]".getBytes(StandardCharsets.UTF_8);

    ObjectStore.Inserted ins = store.insert(bytes);

    // SHA-256 of the two bytes '[]' (an empty manifest), from Python's hashlib:
    // python3 -c 'import hashlib; print(hashlib.sha256(b"[]").hexdigest())' (src/test/python/golden.py)
    assertEquals("4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", ins.hash());
    assertArrayEquals(bytes, store.readVerified(ins.hash()));
  }

  @Test
  void copyOut_writesTheVerifiedBytes() throws Exception {
    byte[] bytes = randomBytes(3 << 20, 3);
    ObjectStore.Inserted ins = store.insert(file("a.bin", bytes));
    Path target = fs.getPath("/repo/data/restored.bin");

    store.copyOut(ins.hash(), target);

    assertArrayEquals(bytes, Files.readAllBytes(target));
    assertEquals(List.of("a.bin", "restored.bin"), names(fs.getPath("/repo/data")));
  }

  @Test
  void copyOut_ofDamagedObject_throwsAndLeavesTheTargetUntouched() throws Exception {
    ObjectStore.Inserted ins = store.insert(file("a.txt", "good bytes".getBytes(StandardCharsets.UTF_8)));
    damage(ins.hash(), "evil bytes");
    Path target = file("target.txt", "what the user has".getBytes(StandardCharsets.UTF_8));

    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> store.copyOut(ins.hash(), target));

    assertEquals(ins.hash(), e.hash());
    assertEquals("what the user has", Files.readString(target));
    assertEquals(List.of("a.txt", "target.txt"), names(fs.getPath("/repo/data")));
  }

  @Test
  void copyOut_ofDamagedLargeObject_leavesAnAbsentTargetAbsent() throws Exception {
    byte[] bytes = randomBytes((2 << 20) + 3, 11);
    ObjectStore.Inserted ins = store.insert(file("a.bin", bytes));
    bytes[bytes.length / 2] ^= 1;
    damage(ins.hash(), bytes);
    Path target = fs.getPath("/repo/data/absent.bin");

    assertThrows(CorruptObjectException.class, () -> store.copyOut(ins.hash(), target));

    assertFalse(Files.exists(target));
    assertEquals(List.of("a.bin"), names(fs.getPath("/repo/data")));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 1000, (1 << 20) - 1, 1 << 20, (3 << 20) + 5})
  void writeNew_writesTheVerifiedBytesUnderTheTargetsName(int size) throws Exception {
    byte[] bytes = randomBytes(size, size + 1);
    ObjectStore.Inserted ins = store.insert(file("a.bin", bytes));
    Path target = fs.getPath("/repo/data/new.bin");

    ObjectStore.Placed placed = store.writeNew(ins.hash(), size, target);

    assertArrayEquals(bytes, Files.readAllBytes(target));
    // Below the small limit one read and a hash in memory; from it on a copy hashed as it goes.
    assertEquals(size < Copier.SMALL ? ObjectStore.Placed.ONE_READ : ObjectStore.Placed.COPIED, placed);
    // No temporary sibling: the caller's folder is what appears whole.
    assertEquals(List.of("a.bin", "new.bin"), names(fs.getPath("/repo/data")));
  }

  @Test
  void readBuffer_isKeptWhileItHoldsAnObjectAndOneByteMore_elseDoubledUpToTheSmallLimit() {
    byte[] held = new byte[11];
    assertSame(held, ObjectStore.readBuffer(held, 10));
    assertSame(held, ObjectStore.readBuffer(held, 0));
    assertEquals(22, ObjectStore.readBuffer(held, 11).length, "one byte short: doubled");
    assertEquals(101, ObjectStore.readBuffer(held, 100).length, "doubling is not enough: the object's size and one");
    assertEquals(1, ObjectStore.readBuffer(new byte[0], 0).length);
    assertEquals((int) Copier.SMALL, ObjectStore.readBuffer(new byte[600_000], 700_000).length, "never doubled past the limit");
    assertEquals((int) Copier.SMALL, ObjectStore.readBuffer(new byte[1000], Copier.SMALL - 1).length);
  }

  @Test
  void writeNew_reusesItsBufferForObjectsOfAnySizeInTurn() throws Exception {
    // One thread's buffer grows and is reused: a shorter object after a longer one gets only its bytes.
    byte[] longer = randomBytes(5000, 1);
    byte[] shorter = randomBytes(700, 2);
    ObjectStore.Inserted a = store.insert(file("a.bin", longer));
    ObjectStore.Inserted b = store.insert(file("b.bin", shorter));

    store.writeNew(a.hash(), longer.length, fs.getPath("/repo/data/x.bin"));
    store.writeNew(b.hash(), shorter.length, fs.getPath("/repo/data/y.bin"));

    assertArrayEquals(longer, Files.readAllBytes(fs.getPath("/repo/data/x.bin")));
    assertArrayEquals(shorter, Files.readAllBytes(fs.getPath("/repo/data/y.bin")));
  }

  @ParameterizedTest(name = "recorded size {0}")
  @ValueSource(ints = {0, 5, 9, 11, 4096})
  void writeNew_whenTheRecordedSizeIsWrong_stillWritesTheObjectsBytes(int recorded) throws Exception {
    byte[] bytes = "ten bytes!".getBytes(StandardCharsets.UTF_8);
    ObjectStore.Inserted ins = store.insert(file("a.txt", bytes));
    Path target = fs.getPath("/repo/data/new.txt");

    ObjectStore.Placed placed = store.writeNew(ins.hash(), recorded, target);

    assertArrayEquals(bytes, Files.readAllBytes(target));
    assertEquals(ObjectStore.Placed.COPIED, placed, "the one read does not match the record: copied and checked");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 10, (1 << 20) - 1, 1 << 20, (2 << 20) + 3})
  void writeNew_ofAnObjectThisProcessVerified_trustsItOnlyWhenAsked(int size) throws Exception {
    byte[] bytes = randomBytes(size, size + 2);
    String hash = store.insert(file("a.bin", bytes)).hash();
    boolean small = size < Copier.SMALL;

    ObjectStore.Placed untrusted = store.writeNew(hash, size, fs.getPath("/repo/data/untrusted.bin"));
    store.trustVerifiedHere(true);
    ObjectStore.Placed trusted = store.writeNew(hash, size, fs.getPath("/repo/data/trusted.bin"));
    ObjectStore.Placed misrecorded = store.writeNew(hash, size + 1, fs.getPath("/repo/data/misrecorded.bin"));
    ObjectStore.Placed elsewhere = new ObjectStore(store.root(), tmp).trustVerifiedHere(true)
        .writeNew(hash, size, fs.getPath("/repo/data/elsewhere.bin"));

    assertEquals(small ? ObjectStore.Placed.ONE_READ : ObjectStore.Placed.COPIED, untrusted);
    assertEquals(small ? ObjectStore.Placed.ONE_READ_TRUSTED : ObjectStore.Placed.COPIED_TRUSTED, trusted);
    assertEquals(ObjectStore.Placed.COPIED_TRUSTED, misrecorded, "a short read is never trusted");
    assertEquals(small ? ObjectStore.Placed.ONE_READ : ObjectStore.Placed.COPIED, elsewhere,
        "another store of this process has not verified the object");
    for (String name : List.of("untrusted.bin", "trusted.bin", "misrecorded.bin", "elsewhere.bin")) {
      assertArrayEquals(bytes, Files.readAllBytes(fs.getPath("/repo/data", name)), name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"evil bytes", "longer evil bytes", "short"})
  void writeNew_ofDamagedObject_throwsAndWritesNothing(String damaged) throws Exception {
    ObjectStore.Inserted ins = store.insert(file("a.txt", "good bytes".getBytes(StandardCharsets.UTF_8)));
    damage(ins.hash(), damaged);
    Path target = fs.getPath("/repo/data/new.txt");

    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> store.writeNew(ins.hash(), 10, target));

    assertEquals(ins.hash(), e.hash());
    assertEquals(List.of("a.txt"), names(fs.getPath("/repo/data")));
  }

  @Test
  void writeNew_ofDamagedLargeObject_throwsAndWritesNothing() throws Exception {
    byte[] bytes = randomBytes((2 << 20) + 3, 12);
    ObjectStore.Inserted ins = store.insert(file("a.bin", bytes));
    bytes[7] ^= 1;
    damage(ins.hash(), bytes);
    Path target = fs.getPath("/repo/data/new.bin");

    assertThrows(CorruptObjectException.class, () -> store.writeNew(ins.hash(), bytes.length, target));

    assertEquals(List.of("a.bin"), names(fs.getPath("/repo/data")));
  }

  @Test
  void writeNew_ofAnObjectTheCacheLacks_throwsNoSuchFileAndWritesNothing() throws Exception {
    String absent = sha256("never stored".getBytes(StandardCharsets.UTF_8));
    Path target = fs.getPath("/repo/data/new.txt");

    assertThrows(java.nio.file.NoSuchFileException.class, () -> store.writeNew(absent, 12, target));
    assertThrows(java.nio.file.NoSuchFileException.class, () -> store.writeNew(absent, 5 << 20, target));

    assertEquals(List.of(), names(fs.getPath("/repo/data")));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {3, 2 << 20})
  void writeNew_neverReplacesAFileThatIsThere(int size) throws Exception {
    ObjectStore.Inserted ins = store.insert(file("a.bin", randomBytes(size, 5)));
    Path target = file("there.txt", "kept".getBytes(StandardCharsets.UTF_8));

    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> store.writeNew(ins.hash(), size, target));

    assertEquals("kept", Files.readString(target));
  }

  @Test
  void readVerifiedAndVerify_ofDamagedObject_sayItIsDamaged() throws Exception {
    ObjectStore.Inserted ins = store.insert("[1]".getBytes(StandardCharsets.UTF_8));
    damage(ins.hash(), "[2]");

    assertFalse(store.verify(ins.hash()));
    assertThrows(CorruptObjectException.class, () -> store.readVerified(ins.hash()));
  }

  @Test
  void list_skipsNamesThatAreNotHashes() throws Exception {
    ObjectStore.Inserted ins = store.insert(new byte[] {9});
    Files.createDirectories(store.root().resolve("zz"));
    Files.write(store.root().resolve("zz/not-a-hash"), new byte[] {1});
    Files.write(store.root().resolve(ins.hash().substring(0, 2)).resolve("short"), new byte[] {1});

    assertEquals(List.of(ins.hash()), store.list());
  }

  @Test
  void delete_removesTheObject() {
    ObjectStore.Inserted ins = store.insert(new byte[] {9});

    assertTrue(store.delete(ins.hash()));

    assertFalse(store.contains(ins.hash()));
    assertFalse(store.delete(ins.hash()));
    assertEquals(-1, store.size(ins.hash()));
  }

  private void damage(String hash, String text) throws IOException {
    damage(hash, text.getBytes(StandardCharsets.UTF_8));
  }

  private void damage(String hash, byte[] bytes) throws IOException {
    Path p = store.path(hash);
    Files.setPosixFilePermissions(p, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    Files.write(p, bytes);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void verify_andVerifiedHere_sayWhetherThisProcessHasSeenTheObjectIntact() throws Exception {
    String hash = store.insert("intact".getBytes(StandardCharsets.UTF_8)).hash();
    ObjectStore later = new ObjectStore(store.root(), tmp);

    assertFalse(later.verifiedHere(hash), "trusted only when asked to trust");
    assertTrue(later.verify(hash));
    assertFalse(later.verifiedHere(hash));
    assertTrue(later.trustVerifiedHere(true) == later);
    assertTrue(later.verifiedHere(hash));

    damage(hash, "damaged");
    assertFalse(later.verify(hash));
    assertFalse(later.verifiedHere(hash), "a failed check takes the trust back");
    assertFalse(later.verify("0".repeat(64)), "absent");
  }

  @Test
  void moveIntoPlace_ofAnObjectAlreadyThere_writesNothing_andLeavesTheTemporaryFile() throws Exception {
    String hash = store.insert("x".getBytes(StandardCharsets.UTF_8)).hash();
    Path t = Files.writeString(store.newTemp(), "x");

    assertFalse(store.moveIntoPlace(t, hash));
    assertTrue(Files.exists(t));
    assertEquals("x", Files.readString(store.path(hash)));
  }

  @Test
  void insertWriter_storesWhatItWrote_underItsHash() throws Exception {
    byte[] bytes = randomBytes(100_000, 11);

    ObjectStore.Inserted ins = store.insert(out -> out.write(bytes));
    ObjectStore.Inserted again = store.insert(out -> out.write(bytes));

    assertEquals(new ObjectStore.Inserted(sha256(bytes), bytes.length, true), ins);
    assertEquals(new ObjectStore.Inserted(sha256(bytes), bytes.length, false), again);
    assertArrayEquals(bytes, Files.readAllBytes(store.path(ins.hash())));
    assertEquals(List.of(), names(tmp));
  }

  @Test
  void adopt_linksAnUnchangedFileIn_andRefusesAChangedOne() throws Exception {
    byte[] bytes = "adopted".getBytes(StandardCharsets.UTF_8);
    String hash = sha256(bytes);
    Path src = file("a.bin", bytes);

    assertEquals(null, store.adopt(src, hash, bytes.length, () -> false), "changed while linked");
    assertFalse(store.contains(hash));
    assertEquals(List.of(), names(tmp));

    assertEquals(new ObjectStore.Inserted(hash, bytes.length, true), store.adopt(src, hash, bytes.length, () -> true));
    assertArrayEquals(bytes, Files.readAllBytes(store.path(hash)));
    assertEquals(new ObjectStore.Inserted(hash, bytes.length, false), store.adopt(src, hash, bytes.length, () -> true));
    assertEquals(List.of(), names(tmp));
  }

  @Test
  void makeWritable_letsTheOwnerWriteACheckedOutCopy() throws Exception {
    Path p = file("ro.bin", new byte[] {1});
    Files.setPosixFilePermissions(p, Set.of(PosixFilePermission.OWNER_READ));

    ObjectStore.makeWritable(p);

    assertTrue(Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_WRITE));
  }

  // A thread's read buffer starts empty and grows with the objects it meets.
  @Test
  void writeNew_onAFreshThread_ofGrowingSizes_writesEachObjectExactly() throws Exception {
    int[] sizes = {1, 100, 5000, 70_000, 300_000, (int) Copier.SMALL - 1};
    java.util.concurrent.ExecutorService fresh = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      for (int size : sizes) {
        byte[] bytes = randomBytes(size, size);
        ObjectStore.Inserted ins = store.insert(bytes);
        Path target = fs.getPath("/repo/data/out-" + size);
        fresh.submit(() -> {
          store.writeNew(ins.hash(), size, target);
          return null;
        }).get();
        assertArrayEquals(bytes, Files.readAllBytes(target), "size " + size);
      }
    } finally {
      fresh.shutdownNow();
    }
  }

  // Written in small pieces, most of which wait in a buffer until the stream is flushed.
  @Test
  void insertWriter_ofSmallPieces_recordsTheWholeSize() throws Exception {
    byte[] bytes = randomBytes(10_000, 12);

    ObjectStore.Inserted ins = store.insert(out -> {
      for (int i = 0; i < bytes.length; i += 100) {
        out.write(bytes, i, 100);
      }
    });

    assertEquals(new ObjectStore.Inserted(sha256(bytes), 10_000, true), ins);
    assertEquals(10_000, Files.size(store.path(ins.hash())));
  }
}
