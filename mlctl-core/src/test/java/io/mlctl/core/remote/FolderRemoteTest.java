package io.mlctl.core.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The remote contract for a folder remote, plus what only a folder shows: no temporary files left. */
final class FolderRemoteTest extends RemoteContractTest {
  private Path remote;

  @Override
  void addRemote(RemoteTestProject project, String name) {
    remote = tmp.resolve("remote");
    new Remotes(project.project()).add(name, remote.toString(), false);
  }

  @Override
  List<String> remoteObjects() throws IOException {
    if (!Files.exists(remote)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(remote)) {
      return all.filter(Files::isRegularFile).map(p -> remote.relativize(p).toString()).sorted().toList();
    }
  }

  private Path file(String hash) {
    return remote.resolve(objectPath(hash));
  }

  @Override
  byte[] readOnRemote(String hash) throws IOException {
    return Files.readAllBytes(file(hash));
  }

  @Override
  void replaceOnRemote(String hash, byte[] bytes) throws IOException {
    // Objects keep the cache's read-only mode when copied: make this one writable first.
    Files.setPosixFilePermissions(file(hash), PosixFilePermissions.fromString("rw-r--r--"));
    Files.write(file(hash), bytes);
  }

  @Override
  void writeOnRemote(String rel, byte[] bytes) throws IOException {
    Path p = remote.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  @Test
  void push_leavesNoTemporaryFilesOnTheRemote() throws IOException {
    a.push("origin", 4);

    // remoteObjects() lists every regular file: hidden temporaries would show up there.
    assertEquals(4, remoteObjects().size());
    assertTrue(remoteObjects().stream().noneMatch(p -> Path.of(p).getFileName().toString().startsWith(".")));
  }

  @Test
  void remote_givenAsFileUrlOrRelativePath_isTheSameFolder() throws IOException {
    new Remotes(a.project()).add("byurl", remote.toUri().toString(), false);
    new Remotes(a.project()).add("relative", "../remote", false);
    a.push("byurl", 2);

    assertEquals(0, a.push("relative", 2).transferred());
    assertEquals(4, remoteObjects().size());
  }

  /**
   * Writes a temporary file as an upload of {@code rel} names it, last written {@code age} ago:
   * what a push killed while sending that object leaves.
   */
  private String leftover(String rel, String random, int size, Duration age) throws IOException {
    Path place = remote.resolve(rel);
    Path tmp = place.resolveSibling("." + place.getFileName() + ".tmp-" + random);
    Files.createDirectories(tmp.getParent());
    Files.write(tmp, RemoteTestProject.bytes(size, 7));
    Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minus(age)));
    return remote.relativize(tmp).toString();
  }

  @Test
  void push_removesWhatAKilledPushLeftBesideTheObjectsItSends_butKeepsAFreshTemporaryFile() throws IOException {
    String h = a.hashOf("data/raw.csv");
    String old = leftover(objectPath(h), "1f2e3d4c5b6a7988", 5000, Duration.ofMinutes(11));
    String fresh = leftover(objectPath(h), "aa", 100, Duration.ofSeconds(5));

    Transfer.Result r = a.push("origin", 4, "data/raw.csv");

    assertEquals(1, r.transferred());
    assertEquals(List.of(old), r.leftoversRemoved().stream().map(RemoteStore.Leftover::path).toList());
    assertEquals(5000, r.leftoversRemoved().get(0).size());
    assertFalse(Files.exists(remote.resolve(old)));
    // A push running now, here or on another machine, writes that one: it stays.
    assertTrue(Files.exists(remote.resolve(fresh)));
    assertTrue(Files.isRegularFile(file(h)));
  }

  @Test
  void push_withNothingToSend_looksForNoLeftovers() throws IOException {
    a.push("origin", 4);
    String h = a.hashOf("data/raw.csv");
    String old = leftover(objectPath(h), "01", 10, Duration.ofHours(2));

    Transfer.Result r = a.push("origin", 4);

    assertEquals(0, r.transferred());
    assertEquals(List.of(), r.leftoversRemoved());
    assertTrue(Files.exists(remote.resolve(old)));
  }

  @Test
  void leftovers_listsTemporaryFilesOfObjectsAndRunEntries_only() throws IOException {
    a.push("origin", 4);
    String obj = leftover("sha256/00/" + "0".repeat(62), "ff", 3, Duration.ofHours(1));
    String run = leftover("runs/ab/" + "c".repeat(62), "1234", 4, Duration.ofDays(3));
    // Not an upload's temporary file by its name, or not where uploads go: none of these is touched.
    writeOnRemote("sha256/00/.notes", new byte[1]);
    writeOnRemote("sha256/00/plain.tmp-12", new byte[1]);
    writeOnRemote("sha256/00/.x.tmp-nothex", new byte[1]);
    writeOnRemote("other/ab/.x.tmp-12", new byte[1]);

    try (RemoteStore store = a.open("origin")) {
      List<RemoteStore.Leftover> found = store.leftovers();

      assertEquals(List.of(run, obj), found.stream().map(RemoteStore.Leftover::path).toList());
      assertEquals(List.of(4L, 3L), found.stream().map(RemoteStore.Leftover::size).toList());
    }
  }

  @Test
  void clean_removesLeftoversOlderThanTheAge_keepsTheRest_andADryRunRemovesNothing() throws IOException {
    String h = a.hashOf("data/raw.csv");
    String old = leftover(objectPath(h), "0a", 190, Duration.ofMinutes(2));
    String run = leftover("runs/ab/" + "c".repeat(62), "0b", 10, Duration.ofMinutes(3));
    String fresh = leftover(objectPath(h), "0c", 7, Duration.ofSeconds(1));

    try (RemoteStore store = a.open("origin")) {
      RemoteLeftovers.Result dry = RemoteLeftovers.clean(store, Instant.now(), RemoteLeftovers.CLEAN_AGE, true);
      assertEquals(List.of(run, old), dry.removed().stream().map(RemoteStore.Leftover::path).sorted().toList());
      assertEquals(200, dry.bytes());
      assertTrue(Files.exists(remote.resolve(old)) && Files.exists(remote.resolve(run)));

      RemoteLeftovers.Result r = RemoteLeftovers.clean(store, Instant.now(), RemoteLeftovers.CLEAN_AGE, false);

      assertEquals(List.of(run, old), r.removed().stream().map(RemoteStore.Leftover::path).sorted().toList());
      assertEquals(List.of(fresh), r.kept().stream().map(RemoteStore.Leftover::path).toList());
      assertFalse(Files.exists(remote.resolve(old)));
      assertFalse(Files.exists(remote.resolve(run)));
      assertTrue(Files.exists(remote.resolve(fresh)));
      assertEquals(List.of(fresh), store.leftovers().stream().map(RemoteStore.Leftover::path).toList());
    }
  }

  @Test
  void removeLeftover_refusesAnythingNotNamedAsAnUploadsTemporaryFile() throws IOException {
    a.push("origin", 4);
    String h = a.hashOf("data/raw.csv");

    try (RemoteStore store = a.open("origin")) {
      for (String path : List.of(objectPath(h), "sha256/" + h.substring(0, 2) + "/../../x/.y.tmp-1", "config.tmp-1")) {
        assertThrows(IllegalArgumentException.class,
            () -> store.removeLeftover(new RemoteStore.Leftover(path, 0, Instant.EPOCH)), path);
      }
    }
    assertTrue(Files.isRegularFile(file(h)));
  }

  @Test
  void transfersAtOnce_areTwiceTheCores_atLeastFour() {
    try (RemoteStore store = a.open("origin")) {
      assertEquals(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), store.defaultJobs());
    }
  }
}
