package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.status.Status;
import io.mlctl.core.status.StatusResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-path stat fingerprints that let a no-op repro skip re-hashing unchanged dependency
 * folders: every kind of change to a dependency must still make its stage stale.
 */
class PathFingerprintsTest {
  @TempDir
  Path root;

  /** A time well before now, so fingerprints are not held back as racily clean. */
  private static final FileTime OLD = FileTime.from(Instant.now().minusSeconds(3600));

  @BeforeEach
  void setUp() throws IOException {
    new Init(root).noGit(true).call();
    for (int i = 0; i < 5; i++) {
      write("data/f" + i + ".txt", "file " + i + "\n");
    }
    write("data/sub/deep.txt", "deep\n");
    write("single.txt", "one\n");
    write("mlctl.yaml", """
        stages:
          use:
            cmd: cat data/f0.txt single.txt > out.txt
            deps: [data, single.txt]
            outs: [out.txt]
        """);
    age();
    assertEquals(List.of(), reasonsAfterRepro());
    // The first check after the run records the fingerprints (the output was just written).
    age();
    assertEquals(List.of(), reasons());
    String remembered = Files.readString(root.resolve(".mlctl/state/pipeline-paths"));
    assertTrue(remembered.contains("\tdata\n") && remembered.contains("\tsingle.txt\n"), remembered);
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** Sets the modification time of every file and folder of the work tree an hour back. */
  private void age() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(p -> !p.equals(root) && !p.startsWith(root.resolve(".mlctl"))).toList()) {
        Files.setLastModifiedTime(p, OLD);
      }
    }
  }

  private List<String> reasonsAfterRepro() {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      new Repro(p).call(Repro.Options.defaults());
    }
    return reasons();
  }

  private List<String> reasons() {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      List<StatusResult.StageState> st = new Status(p).call().stages();
      return st.get(0).reasons();
    }
  }

  @Test
  void unchangedFolder_isFresh_andServedFromItsFingerprint() throws IOException {
    // With the hash cache gone, only the fingerprints can tell the folder is unchanged.
    try (Stream<Path> s = Files.list(root.resolve(".mlctl/state/hashes"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    assertEquals(List.of(), reasons());
    try (Stream<Path> s = Files.list(root.resolve(".mlctl/state/hashes"))) {
      assertEquals(0, s.count(), "no file under data/ was hashed again");
    }
  }

  @Test
  void changedContentOfTheSameSize_makesTheStageStale() throws IOException {
    write("data/f3.txt", "FILE 3\n");
    assertEquals(List.of("changed deps: data"), reasons());
  }

  @Test
  void changedSizeWithTheOldMtime_makesTheStageStale() throws IOException {
    write("data/f3.txt", "file 3, longer\n");
    Files.setLastModifiedTime(root.resolve("data/f3.txt"), OLD);
    assertEquals(List.of("changed deps: data"), reasons());
  }

  @Test
  void sameSizeAndMtimeButAnotherFile_makesTheStageStale() throws IOException {
    // Replaced by rename: same size, same mtime, different inode.
    write("elsewhere.txt", "FILE 3\n");
    Files.setLastModifiedTime(root.resolve("elsewhere.txt"), OLD);
    Files.move(root.resolve("elsewhere.txt"), root.resolve("data/f3.txt"), StandardCopyOption.REPLACE_EXISTING);
    assertEquals(List.of("changed deps: data"), reasons());
  }

  @Test
  void newFileInTheFolder_makesTheStageStale() throws IOException {
    write("data/sub/new.txt", "new\n");
    Files.setLastModifiedTime(root.resolve("data/sub/new.txt"), OLD);
    assertEquals(List.of("changed deps: data"), reasons());
  }

  @Test
  void deletedFileInTheFolder_makesTheStageStale() throws IOException {
    Files.delete(root.resolve("data/sub/deep.txt"));
    assertEquals(List.of("changed deps: data"), reasons());
  }

  @Test
  void renamedFileInTheFolder_makesTheStageStale() throws IOException {
    Files.move(root.resolve("data/f1.txt"), root.resolve("data/f9.txt"));
    assertEquals(List.of("changed deps: data"), reasons());
  }

  @Test
  void touchedFileWithTheSameBytes_staysFresh() throws IOException {
    Files.setLastModifiedTime(root.resolve("data/f2.txt"), FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(root.resolve("single.txt"), FileTime.from(Instant.now().minusSeconds(60)));
    assertEquals(List.of(), reasons());
  }

  @Test
  void changedSingleFileDependency_makesTheStageStale() throws IOException {
    write("single.txt", "two\n");
    assertEquals(List.of("changed deps: single.txt"), reasons());
  }

  @Test
  void folderReplacedByAFile_makesTheStageStale() throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve("data"))) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    write("data", "now a file\n");
    Files.setLastModifiedTime(root.resolve("data"), OLD);
    assertEquals(List.of("changed deps: data"), reasons());
  }

  @Test
  void changedOutput_makesTheStageStale() throws IOException {
    write("out.txt", "tampered\n");
    assertEquals(List.of("changed outs: out.txt"), reasons());
  }

  @Test
  void recentlyModifiedFiles_areNotRemembered() throws IOException {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      PathFingerprints f = new PathFingerprints(new Workspace(p));
      Output o = Output.file("fresh.txt", "a".repeat(64), 1);
      long now = System.currentTimeMillis() * 1_000_000L;
      f.record("fresh.txt", "0".repeat(32), o, now, false);
      assertEquals(Optional.empty(), f.lookup("fresh.txt", "0".repeat(32)));
      // Whole-second timestamps need two seconds of distance.
      long aSecondAgo = (now / 1_000_000_000L - 1) * 1_000_000_000L;
      f.record("fresh.txt", "0".repeat(32), o, aSecondAgo, true);
      assertEquals(Optional.empty(), f.lookup("fresh.txt", "0".repeat(32)));
      f.record("fresh.txt", "0".repeat(32), o, now - 10_000_000_000L, true);
      assertEquals(Optional.of(o), f.lookup("fresh.txt", "0".repeat(32)));
      assertEquals(Optional.empty(), f.lookup("fresh.txt", "1".repeat(32)));
    }
  }

  @Test
  void entries_surviveAReload_dropPathsNoStageNames_andSkipDamagedLines() throws IOException {
    Path file = root.resolve(".mlctl/state/pipeline-paths");
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      Workspace ws = new Workspace(p);
      PathFingerprints f = new PathFingerprints(ws);
      Output gone = Output.file("gone.txt", "b".repeat(64), 2);
      f.record("gone.txt", "2".repeat(32), gone, 0, false);
      f.retain(Set.of("data", "single.txt", "out.txt"));
      f.flush();
      Files.writeString(file, Files.readString(file) + "not\ta\tvalid line\n");
      PathFingerprints again = new PathFingerprints(ws);
      assertEquals(Optional.empty(), again.lookup("gone.txt", "2".repeat(32)));
      String text = Files.readString(file);
      String dataLine = text.lines().filter(l -> l.endsWith("\tdata")).findFirst().orElseThrow();
      String[] parts = dataLine.split("\t");
      Optional<Output> data = again.lookup("data", parts[0]);
      assertTrue(data.isPresent() && data.get().dir());
      assertEquals(parts[2], data.get().sha256());
    }
  }

  @Test
  void fingerprint_dependsOnEveryStatField() {
    var a = new io.mlctl.core.state.FileStat(10, 1_000, "(dev=1,ino=2)");
    String fp = PathFingerprints.fingerprint(a);
    assertEquals(32, fp.length());
    assertNotEquals(fp, PathFingerprints.fingerprint(new io.mlctl.core.state.FileStat(11, 1_000, "(dev=1,ino=2)")));
    assertNotEquals(fp, PathFingerprints.fingerprint(new io.mlctl.core.state.FileStat(10, 1_001, "(dev=1,ino=2)")));
    assertNotEquals(fp, PathFingerprints.fingerprint(new io.mlctl.core.state.FileStat(10, 1_000, "(dev=1,ino=3)")));
    assertEquals(fp, PathFingerprints.fingerprint(new io.mlctl.core.state.FileStat(10, 1_000, "(dev=1,ino=2)")));
  }

  @Test
  void ofBytes_tellsApartContentsThatDifferAnywhere() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String s : List.of("", "a", "\0a", "a\0", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi", "bbcdefghi")) {
      assertTrue(seen.add(PathFingerprints.ofBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))), s);
    }
    assertEquals(PathFingerprints.ofBytes(new byte[] {1, 2, 3}), PathFingerprints.ofBytes(new byte[] {1, 2, 3}));
  }

  @Test
  void walk_seesEveryEntry_butNotTheOrderTheyAreListedIn() throws IOException {
    Path a = Files.createDirectories(root.resolve("walk/a"));
    Path b = Files.createDirectories(root.resolve("walk/b"));
    // The same names created in opposite orders: the listings may differ in order, not in content.
    for (String n : List.of("x", "y", "z")) {
      Files.writeString(a.resolve(n), n);
    }
    for (String n : List.of("z", "y", "x")) {
      Files.writeString(b.resolve(n), n);
    }
    for (Path d : List.of(a, b)) {
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : s.toList()) {
          Files.setLastModifiedTime(p, OLD);
        }
      }
      Files.setLastModifiedTime(d, OLD);
    }
    PathFingerprints.Snapshot sa = PathFingerprints.walk(a);
    assertEquals(sa, PathFingerprints.walk(a));
    assertEquals(OLD.to(java.util.concurrent.TimeUnit.NANOSECONDS), sa.newestMtimeNanos());
    // Different inodes, so different fingerprints, though names, sizes and times agree.
    assertNotEquals(sa.fingerprint(), PathFingerprints.walk(b).fingerprint());
    Files.createDirectories(a.resolve("sub"));
    String withSub = PathFingerprints.walk(a).fingerprint();
    assertNotEquals(sa.fingerprint(), withSub);
    Files.createSymbolicLink(a.resolve("sub/link"), a.resolve("x"));
    String withLink = PathFingerprints.walk(a).fingerprint();
    assertNotEquals(withSub, withLink);
    Files.writeString(a.resolve("x"), "changed through the link's target");
    assertNotEquals(withLink, PathFingerprints.walk(a).fingerprint());
  }
}
