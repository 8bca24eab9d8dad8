package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Feature;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.CorruptObjectException;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.store.Cloner;
import io.mlctl.core.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategy that places cached objects: the first {@code cache.type} this file system
 * supports, asked once per linker, and what each strategy leaves in the work tree.
 */
class LinkerTest {
  @TempDir
  Path tmp;

  private ObjectStore store;
  private String hash;
  private Path work;

  @BeforeEach
  void setUp() throws Exception {
    store = new ObjectStore(tmp.resolve("cache"), Files.createDirectories(tmp.resolve("tmp")));
    hash = store.insert("the bytes".getBytes(StandardCharsets.UTF_8)).hash();
    work = Files.createDirectories(tmp.resolve("work"));
  }

  /** What the file system itself says: whether cp can clone a file here. */
  private boolean reflinksWorkHere() throws Exception {
    Path a = Files.writeString(tmp.resolve("probe-a"), "x");
    Path b = tmp.resolve("probe-b");
    try {
      Process p = new ProcessBuilder("cp", "--reflink=always", a.toString(), b.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
    }
  }

  private List<Path> scratch() throws Exception {
    try (var s = Files.list(tmp.resolve("tmp"))) {
      return s.toList();
    }
  }

  @Test
  void place_withCopy_writesAFileOfItsOwn() throws Exception {
    Linker linker = new Linker(store, List.of("copy"));

    assertEquals("copy", linker.place(hash, work.resolve("f")));

    assertEquals("the bytes", Files.readString(work.resolve("f")));
    assertFalse(Files.isSameFile(work.resolve("f"), store.path(hash)));
    assertFalse(linker.links());
    assertEquals(Cloner.NONE, linker.cloner());
  }

  @Test
  void place_withHardlink_linksTheObject_replacingWhatWasThere() throws Exception {
    Files.writeString(work.resolve("f"), "old");
    Linker linker = new Linker(store, List.of("hardlink", "copy"));

    assertEquals("hardlink", linker.place(hash, work.resolve("f")));
    assertEquals("hardlink", linker.place(hash, work.resolve("g")));

    assertTrue(Files.isSameFile(work.resolve("f"), store.path(hash)));
    assertTrue(Files.isSameFile(work.resolve("g"), store.path(hash)));
    assertTrue(linker.links());
    assertEquals(List.of(), scratch(), "the probe's scratch files are gone");
  }

  @Test
  void place_withSymlink_linksToTheObjectsAbsolutePath() throws Exception {
    Linker linker = new Linker(store, List.of("symlink"));

    assertEquals("symlink", linker.place(hash, work.resolve("f")));

    assertTrue(Files.isSymbolicLink(work.resolve("f")));
    assertEquals(store.path(hash).toAbsolutePath(), Files.readSymbolicLink(work.resolve("f")));
    assertTrue(linker.links());
  }

  @Test
  void place_withReflink_clonesWhereTheFileSystemCan_elseTakesTheNextType() throws Exception {
    Linker linker = new Linker(store, List.of("reflink", "copy"));
    String expected = reflinksWorkHere() ? "reflink" : "copy";

    assertEquals(expected, linker.place(hash, work.resolve("f")));
    assertEquals(expected, linker.place(hash, work.resolve("g")), "the answer is kept, not asked again");

    assertEquals("the bytes", Files.readString(work.resolve("g")));
    assertFalse(Files.isSameFile(work.resolve("g"), store.path(hash)));
    assertFalse(linker.links());
    assertEquals(expected.equals("reflink") ? Cloner.CP : Cloner.NONE, linker.cloner());
    assertEquals(List.of(), scratch(), "the probe's scratch files are gone");
  }

  @Test
  void place_ofADamagedObject_withLinks_placesNothing() throws Exception {
    Path obj = store.path(hash);
    Files.setPosixFilePermissions(obj, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(obj, "rot");
    for (String type : List.of("hardlink", "symlink")) {
      Linker linker = new Linker(new ObjectStore(tmp.resolve("cache"), tmp.resolve("tmp")), List.of(type));

      CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> linker.place(hash, work.resolve(type)));

      assertEquals(hash, e.hash());
      assertFalse(Files.exists(work.resolve(type), java.nio.file.LinkOption.NOFOLLOW_LINKS), type);
    }
  }

  @Test
  void placeNew_withSymlink_linksAVerifiedObject_andRefusesAMissingOrDamagedOne() throws Exception {
    Linker linker = new Linker(store, List.of("symlink"));

    linker.placeNew(hash, 9, work.resolve("f"));

    assertEquals(store.path(hash).toAbsolutePath(), Files.readSymbolicLink(work.resolve("f")));
    String absent = io.mlctl.core.store.Sha256.of("absent".getBytes(StandardCharsets.UTF_8));
    assertThrows(NoSuchFileException.class, () -> linker.placeNew(absent, 6, work.resolve("g")));
    assertFalse(Files.exists(work.resolve("g"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    Files.setPosixFilePermissions(store.path(hash), PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(store.path(hash), "rot");
    assertThrows(CorruptObjectException.class, () -> linker.placeNew(hash, 9, work.resolve("h")));
    assertFalse(Files.exists(work.resolve("h"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void adopt_ofAFileThatChangedSinceItsStat_isLeftToTheCaller() throws Exception {
    Path f = Files.writeString(work.resolve("f"), "mine");
    FileStat stale = new FileStat(3, FileStat.of(f).mtimeNanos(), FileStat.of(f).inode());
    Linker linker = new Linker(store, List.of("hardlink"));

    assertNull(linker.adopt(f, stale));

    assertEquals(1, (int) Files.getAttribute(f, "unix:nlink"), "nothing was linked");
    assertFalse(store.contains(io.mlctl.core.store.Sha256.of("mine".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void adopt_movesTheFileIntoTheCache() throws Exception {
    Path f = Files.writeString(work.resolve("f"), "mine");
    Linker linker = new Linker(store, List.of("hardlink"));

    ObjectStore.Inserted ins = linker.adopt(f, FileStat.of(f));

    assertNotNull(ins);
    assertEquals(io.mlctl.core.store.Sha256.of("mine".getBytes(StandardCharsets.UTF_8)), ins.hash());
    assertTrue(Files.isSameFile(f, store.path(ins.hash())));
  }

  /** The work tree on another file system than the cache (a tmpfs here): no link can cross. */
  @Test
  void place_withHardlink_acrossFileSystems_copies() throws Exception {
    Path shm = Path.of("/dev/shm");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm here");
    Path elsewhere = Files.createTempDirectory(shm, "mlctl-work-");
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.getFileStore(elsewhere).equals(Files.getFileStore(tmp)),
          "/dev/shm is on the same file system as the temp folder");
      Linker linker = new Linker(store, List.of("hardlink"));

      assertEquals("copy", linker.place(hash, elsewhere.resolve("f")));

      assertEquals("the bytes", Files.readString(elsewhere.resolve("f")));
      try (var s = Files.list(elsewhere)) {
        assertEquals(List.of(elsewhere.resolve("f")), s.toList(), "no temporary file is left");
      }
    } finally {
      try (var s = Files.list(elsewhere)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(elsewhere);
    }
  }

  @Test
  void crossDevice_isTheKernelsEXDEV_only() {
    assertTrue(Linker.crossDevice(new FileSystemException("a", "b", "Invalid cross-device link")));
    assertTrue(Linker.crossDevice(new FileSystemException("a", "b", "EXDEV")));
    assertFalse(Linker.crossDevice(new FileSystemException("a", "b", "Operation not permitted")));
    assertFalse(Linker.crossDevice(new FileSystemException("a")));
  }

  /** A file system without hard links (as some network and FAT ones are). */
  @Test
  void hardlink_whereTheFileSystemHasNone_fallsToTheNextType_everyTime() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "posix")
        .setSupportedFeatures(Feature.SYMBOLIC_LINKS, Feature.SECURE_DIRECTORY_STREAM, Feature.FILE_CHANNEL).build())) {
      ObjectStore jim = new ObjectStore(fs.getPath("/cache"), Files.createDirectories(fs.getPath("/tmp")));
      String h = jim.insert("x".getBytes(StandardCharsets.UTF_8)).hash();
      Path w = Files.createDirectories(fs.getPath("/work"));
      Linker linker = new Linker(jim, List.of("hardlink", "copy"));

      assertEquals("copy", linker.place(h, w.resolve("a")));
      assertEquals("copy", linker.place(h, w.resolve("b")));
      assertFalse(linker.links());
      assertEquals("x", Files.readString(w.resolve("b")));
    }
  }

  @Test
  void symlink_offTheDefaultFileSystem_fallsToACopy() throws Exception {
    try (FileSystem fs = io.mlctl.core.testing.TestRepo.newFileSystem()) {
      ObjectStore jim = new ObjectStore(fs.getPath("/cache"), Files.createDirectories(fs.getPath("/tmp")));
      String h = jim.insert("x".getBytes(StandardCharsets.UTF_8)).hash();
      Path w = Files.createDirectories(fs.getPath("/work"));

      assertEquals("copy", new Linker(jim, List.of("symlink")).place(h, w.resolve("a")));
      assertEquals("hardlink", new Linker(jim, List.of("reflink", "hardlink")).place(h, w.resolve("b")));
      assertFalse(Files.isSymbolicLink(w.resolve("a")));
    }
  }
}
