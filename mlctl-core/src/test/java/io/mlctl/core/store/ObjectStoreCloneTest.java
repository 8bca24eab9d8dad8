package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.CorruptObjectException;
import io.mlctl.core.testing.TestRepo;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reflinks: big files are cloned into and out of the cache, and the clone is what gets hashed. */
class ObjectStoreCloneTest {
  private FileSystem fs;
  private ObjectStore store;
  private final List<Path> cloned = new ArrayList<>();
  /** Stands in for a file system that clones: copies the bytes, and records the call. */
  private final Cloner copying = (src, dst) -> {
    cloned.add(src);
    Files.copy(src, dst);
    return true;
  };

  @BeforeEach
  void setUp() throws IOException {
    fs = TestRepo.newFileSystem();
    store = new ObjectStore(fs.getPath("/repo/.mlctl/cache/sha256"), fs.getPath("/repo/.mlctl/tmp"));
    Files.createDirectories(fs.getPath("/repo/data"));
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private static byte[] bytes(long size, int seed) {
    byte[] b = new byte[(int) size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void insert_ofABigFile_clonesItAndNamesTheCloneByItsHash() throws IOException {
    byte[] data = bytes(Cloner.MIN_SIZE, 1);
    Path src = Files.write(fs.getPath("/repo/data/big.bin"), data);

    ObjectStore.Inserted ins = store.insert(src, copying);

    assertEquals(List.of(src), cloned);
    assertEquals(Sha256.of(data), ins.hash());
    assertEquals(data.length, ins.size());
    assertTrue(ins.written());
    assertArrayEquals(data, Files.readAllBytes(store.path(ins.hash())));
    assertFalse(Files.getPosixFilePermissions(store.path(ins.hash())).contains(PosixFilePermission.OWNER_WRITE));
  }

  @Test
  void insert_ofASmallFile_copiesWithoutCloning() throws IOException {
    byte[] data = bytes(Cloner.MIN_SIZE - 1, 2);
    Path src = Files.write(fs.getPath("/repo/data/small.bin"), data);

    ObjectStore.Inserted ins = store.insert(src, copying);

    assertEquals(List.of(), cloned);
    assertEquals(Sha256.of(data), ins.hash());
  }

  @Test
  void insert_whenTheFileSystemCannotClone_copiesAndLeavesNoTemporaryFile() throws IOException {
    byte[] data = bytes(Cloner.MIN_SIZE + 10, 3);
    Path src = Files.write(fs.getPath("/repo/data/big.bin"), data);
    Cloner refusing = (s, d) -> {
      Files.write(d, new byte[] {1, 2, 3}); // a partial file, as a failed cp may leave
      return false;
    };

    ObjectStore.Inserted ins = store.insert(src, refusing);

    assertEquals(Sha256.of(data), ins.hash());
    assertArrayEquals(data, Files.readAllBytes(store.path(ins.hash())));
    try (var left = Files.list(fs.getPath("/repo/.mlctl/tmp"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void copyOut_ofABigObject_clonesAWritableFileWithTheObjectsBytes() throws IOException {
    byte[] data = bytes(Cloner.MIN_SIZE, 4);
    String hash = store.insert(Files.write(fs.getPath("/repo/data/a.bin"), data)).hash();
    Path target = fs.getPath("/repo/data/b.bin");

    store.copyOut(hash, target, copying);

    assertEquals(List.of(store.path(hash)), cloned);
    assertArrayEquals(data, Files.readAllBytes(target));
    assertTrue(Files.getPosixFilePermissions(target).contains(PosixFilePermission.OWNER_WRITE));
  }

  @Test
  void copyOut_whenTheCloneDoesNotMatchTheName_refusesAndKeepsTheTarget() throws IOException {
    byte[] data = bytes(Cloner.MIN_SIZE, 5);
    String hash = store.insert(Files.write(fs.getPath("/repo/data/a.bin"), data)).hash();
    Path target = Files.writeString(fs.getPath("/repo/data/b.bin"), "mine");
    // A damaged object: the clone carries the damage, and the hash of the clone catches it.
    Cloner damaging = (src, dst) -> {
      byte[] b = Files.readAllBytes(src);
      b[b.length / 2] ^= 1;
      Files.write(dst, b);
      return true;
    };

    assertThrows(CorruptObjectException.class, () -> store.copyOut(hash, target, damaging));

    assertEquals("mine", Files.readString(target));
    try (var left = Files.list(fs.getPath("/repo/data"))) {
      assertEquals(2, left.count(), "no temporary file left beside the target");
    }
  }

  @Test
  void cp_clonesOrSaysItCannot_andEitherWayLeavesTheRightBytes(@TempDir Path dir) throws IOException {
    // On ext4 or tmpfs cp --reflink=always fails; on btrfs or XFS it clones. Both must be safe.
    ObjectStore real = new ObjectStore(dir.resolve("cache/sha256"), dir.resolve("tmp"));
    byte[] data = bytes(Cloner.MIN_SIZE + 1, 6);
    Path src = Files.write(dir.resolve("big.bin"), data);

    ObjectStore.Inserted ins = real.insert(src, Cloner.CP);
    Path out = dir.resolve("out.bin");
    real.copyOut(ins.hash(), out, Cloner.CP);

    assertEquals(Sha256.of(data), ins.hash());
    assertArrayEquals(data, Files.readAllBytes(out));
    try (var left = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, left.count());
    }
  }

  // cp --reflink gives the clone the object's read-only mode; a checked-out file is the user's to edit.
  @Test
  void copyOut_ofAReadOnlyClone_leavesAWritableFile() throws IOException {
    byte[] data = bytes(Cloner.MIN_SIZE, 7);
    ObjectStore.Inserted ins = store.insert(Files.write(fs.getPath("/repo/data/big.bin"), data));
    Cloner keepingMode = (src, dst) -> {
      Files.copy(src, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      return true;
    };
    Path target = fs.getPath("/repo/data/out.bin");

    store.copyOut(ins.hash(), target, keepingMode);

    org.junit.jupiter.api.Assertions.assertArrayEquals(data, Files.readAllBytes(target));
    org.junit.jupiter.api.Assertions.assertTrue(
        Files.getPosixFilePermissions(target).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
  }
}
