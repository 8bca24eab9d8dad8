package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan lists a tree's files in manifest order without sorting all of them at once. */
class WorkspaceScanTest {
  /** Names whose order differs between a folder-by-folder walk and a sort of whole paths. */
  private static final List<String> TRICKY = List.of(
      "a-c", "a/b", "a/x/y", "a.txt", "ab/c", "a0", "b", "Z", "é.txt", "\uD835\uDCB3.bin", "\uFFFD.bin",
      "sub dir/f", "sub/f", "sub-/f", "sub/g/h", "sub.f");

  private TestRepo repo;

  @AfterEach
  void tearDown() throws Exception {
    if (repo != null) {
      repo.close();
    }
  }

  private static List<String> paths(List<Workspace.Found> found) {
    List<String> out = new ArrayList<>();
    for (Workspace.Found f : found) {
      out.add(f.path());
    }
    return out;
  }

  private static List<String> sorted(List<String> names) {
    List<String> s = new ArrayList<>(names);
    s.sort(Manifest.PATH_ORDER);
    return s;
  }

  @Test
  void scan_listsFilesInManifestOrder() {
    Map<String, String> files = new LinkedHashMap<>();
    for (String name : TRICKY) {
      files.put("d/" + name, name);
    }
    repo = TestRepo.gen(files);

    assertEquals(sorted(TRICKY), paths(repo.workspace().scan(repo.path("d"))));
  }

  @Test
  void scan_onTheRealFileSystem_listsFilesInManifestOrder(@TempDir Path dir) throws Exception {
    Path d = Files.createDirectories(dir.resolve("d"));
    for (String name : TRICKY) {
      Path f = d.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, name);
    }
    new io.mlctl.core.repo.Init(dir).noGit(true).call();
    Workspace ws = new Workspace(io.mlctl.core.repo.Project.open(dir, java.time.Clock.systemUTC(), Map.of()));

    assertEquals(sorted(TRICKY), paths(ws.scan(d)));
  }

  @Test
  void scan_ofOneFile_findsItUnderTheEmptyPath() {
    repo = TestRepo.gen(Map.of("data.csv", "1"));

    List<Workspace.Found> found = repo.workspace().scan(repo.path("data.csv"));

    assertEquals(List.of(""), paths(found));
    assertEquals(repo.path("data.csv"), found.get(0).file());
  }
}
