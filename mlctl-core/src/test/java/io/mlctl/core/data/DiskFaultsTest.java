package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.StorageException;
import io.mlctl.core.testing.FaultyFileSystem;
import io.mlctl.core.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full disk and a read-only folder during {@code add} and {@code checkout}: the command fails
 * with a {@link StorageException} (exit 5) whose one line names the file and says why in words,
 * nothing is left half-written (no partial object, pointer or work-tree file, no temporary file),
 * and once the fault is gone the same command succeeds.
 */
class DiskFaultsTest {
  private FaultyFileSystem fs;
  private TestRepo repo;

  @BeforeEach
  void setUp() {
    fs = FaultyFileSystem.wrap(TestRepo.newFileSystem());
    repo = TestRepo.gen(fs, Map.of());
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private Add.Result add(String... paths) {
    return new Add(repo.workspace()).call(repo.root(), List.of(paths));
  }

  private Checkout.Result checkout(boolean force, String... targets) {
    return new Checkout(repo.workspace()).force(force).call(repo.root(), List.of(targets));
  }

  private StorageException fails(Runnable command) {
    return assertThrows(StorageException.class, command::run);
  }

  /**
   * Every temporary file and folder mlctl writes, anywhere in the project (the lock's file
   * excepted): none may outlive a command.
   */
  private List<String> leftovers() throws IOException {
    try (Stream<Path> all = Files.walk(repo.root())) {
      return all.filter(p -> p.getFileName().toString().contains(".mlctl-tmp-")
              || p.getParent().endsWith(".mlctl/tmp") && Files.isRegularFile(p) && !p.endsWith("lock"))
          .map(p -> repo.root().relativize(p).toString()).toList();
    }
  }

  private void assertCacheIntact() {
    Fsck.Result r = new Fsck(repo.workspace()).call();
    assertEquals(List.of(), r.damaged(), "damaged objects in the cache");
  }

  private String objectOf(String pointer) {
    String text = repo.read(pointer);
    int at = text.indexOf("sha256: ");
    return text.substring(at + 8, at + 8 + 64);
  }

  @Test
  void add_whenTheCacheFillsUp_namesTheFile_leavesNoObjectNorPointer_andWorksOnceThereIsRoom() throws IOException {
    byte[] data = bytes(300_000, 1);
    repo.write("data/big.bin", data);
    fs.fillUpAfter(repo.path(".mlctl"), 100_000);

    StorageException e = fails(() -> add("data/big.bin"));

    assertEquals("cannot add to the cache /work/repo/data/big.bin: no space left on device", e.getMessage());
    assertFalse(repo.exists("data/big.bin.mlctl"));
    assertEquals(List.of(), repo.workspace().store().list());
    assertEquals(List.of(), leftovers());
    assertArrayEquals(data, Files.readAllBytes(repo.path("data/big.bin")), "the file added is untouched");

    fs.heal();
    add("data/big.bin");
    assertEquals(List.of(objectOf("data/big.bin.mlctl")), repo.workspace().store().list());
    assertCacheIntact();
    assertEquals(List.of(), leftovers());
  }

  @Test
  void add_whenTheDiskFillsUpAtThePointer_namesThePointer_andLeavesNoPartOfIt() throws IOException {
    repo.write("data/big.bin", bytes(50_000, 2));
    fs.fillUpAfter(repo.path("data"), 0);

    StorageException e = fails(() -> add("data/big.bin"));

    assertTrue(e.getMessage().matches("cannot write /work/repo/data/(big\\.bin\\.mlctl|\\.gitignore): no space left on device"),
        e.getMessage());
    assertFalse(repo.exists("data/big.bin.mlctl"));
    assertEquals(List.of(), leftovers());
    assertCacheIntact();

    fs.heal();
    add("data/big.bin");
    assertTrue(repo.read("data/big.bin.mlctl").contains("size: 50000"));
    assertEquals("/big.bin\n", repo.read("data/.gitignore"));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void add_ofAFolder_whenTheCacheFillsUpHalfWay_keepsOnlyWholeObjects_andTheNextAddSendsOnlyTheRest() throws IOException {
    for (int i = 0; i < 20; i++) {
      repo.write("images/" + i + ".bin", bytes(10_000, 100 + i));
    }
    fs.fillUpAfter(repo.path(".mlctl"), 95_000);

    StorageException e = fails(() -> add("images"));

    assertTrue(e.getMessage().startsWith("cannot add to the cache /work/repo/images/"), e.getMessage());
    assertTrue(e.getMessage().endsWith(": no space left on device"), e.getMessage());
    assertFalse(repo.exists("images.mlctl"));
    int kept = repo.workspace().store().list().size();
    assertTrue(kept < 20, kept + " objects");
    assertCacheIntact();
    assertEquals(List.of(), leftovers());

    fs.heal();
    long before = fs.bytesWritten();
    add("images");
    // 21 objects: the files and the folder's manifest; what the failed add stored is not written again.
    assertEquals(21, repo.workspace().store().list().size());
    long objectBytes = fs.bytesWritten() - before;
    assertTrue(objectBytes < (20 - kept) * 10_000L + 20_000, "wrote " + objectBytes + " bytes after " + kept + " objects were kept");
    assertCacheIntact();
  }

  @Test
  void add_whenTheCacheIsReadOnly_saysPermissionDeniedNamingTheFile() throws IOException {
    repo.write("data/a.csv", "x,y\n1,2\n");
    Files.createDirectories(repo.path(".mlctl/cache"));
    fs.deny(repo.path(".mlctl/cache"));

    StorageException e = fails(() -> add("data/a.csv"));

    assertTrue(e.getMessage().contains("/work/repo/"), e.getMessage());
    assertTrue(e.getMessage().endsWith(": permission denied"), e.getMessage());
    assertFalse(repo.exists("data/a.csv.mlctl"));
    assertEquals(List.of(), leftovers());

    fs.heal();
    add("data/a.csv");
    assertTrue(repo.exists("data/a.csv.mlctl"));
  }

  @Test
  void checkout_whenTheWorkTreeFillsUp_namesTheFile_leavesNoPartOfIt_andRestoresItOnceThereIsRoom() throws IOException {
    byte[] data = bytes(300_000, 3);
    repo.write("data/big.bin", data);
    add("data/big.bin");
    repo.delete("data/big.bin");
    fs.fillUpAfter(repo.path("data"), 100_000);

    StorageException e = fails(() -> checkout(false));

    assertEquals("cannot check out /work/repo/data/big.bin: no space left on device", e.getMessage());
    assertFalse(repo.exists("data/big.bin"));
    assertEquals(List.of(), leftovers());
    assertCacheIntact();

    fs.heal();
    assertEquals(List.of("data/big.bin"), checkout(false).restored());
    assertArrayEquals(data, Files.readAllBytes(repo.path("data/big.bin")));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void checkout_whenTheDiskFillsWhileReplacingAFile_keepsTheOldVersionWhole() throws IOException {
    byte[] v1 = bytes(200_000, 4);
    byte[] v2 = bytes(200_000, 5);
    repo.write("data/big.bin", v1);
    add("data/big.bin");
    String pointerV1 = repo.read("data/big.bin.mlctl");
    repo.write("data/big.bin", v2);
    add("data/big.bin");
    repo.write("data/big.bin.mlctl", pointerV1);
    fs.fillUpAfter(repo.path("data"), 50_000);

    StorageException e = fails(() -> checkout(true));

    assertTrue(e.getMessage().contains("/work/repo/data/big.bin: no space left on device"), e.getMessage());
    assertArrayEquals(v2, Files.readAllBytes(repo.path("data/big.bin")), "the file is the old version, whole");
    assertEquals(List.of(), leftovers());

    fs.heal();
    checkout(true);
    assertArrayEquals(v1, Files.readAllBytes(repo.path("data/big.bin")));
  }

  @Test
  void checkout_ofAFolder_whenTheDiskFillsUpHalfWay_leavesNoHalfFolder() throws IOException {
    for (int i = 0; i < 20; i++) {
      repo.write("images/" + i + ".bin", bytes(10_000, 200 + i));
    }
    add("images");
    deleteTree(repo.path("images"));
    fs.fillUpAfter(repo.path("images").getParent(), 95_000);

    StorageException e = fails(() -> checkout(false));

    assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
    assertTrue(e.getMessage().contains("/work/repo/"), e.getMessage());
    assertFalse(repo.exists("images"), "a folder with some of its files");
    assertEquals(List.of(), leftovers());

    fs.heal();
    checkout(false);
    try (Stream<Path> files = Files.list(repo.path("images"))) {
      assertEquals(20, files.count());
    }
    assertEquals(List.of(), leftovers());
  }

  @Test
  void checkout_whenTheFolderIsReadOnly_saysPermissionDeniedNamingTheFile() throws IOException {
    repo.write("data/a.csv", "x,y\n1,2\n");
    add("data/a.csv");
    repo.delete("data/a.csv");
    fs.deny(repo.path("data"));

    StorageException e = fails(() -> checkout(false));

    assertTrue(e.getMessage().contains("/work/repo/data/"), e.getMessage());
    assertTrue(e.getMessage().endsWith(": permission denied"), e.getMessage());
    assertFalse(repo.exists("data/a.csv"));

    fs.heal();
    checkout(false);
    assertEquals("x,y\n1,2\n", repo.read("data/a.csv"));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
