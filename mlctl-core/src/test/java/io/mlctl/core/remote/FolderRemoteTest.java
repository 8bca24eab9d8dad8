package io.mlctl.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
