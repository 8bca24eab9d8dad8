package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlctl.core.pointer.Output;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsTest {
  @TempDir
  Path dir;

  private GitTestRepo repo;

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void ls_atARevision_listsWhatItsPointersRecord() {
    repo = GitTestRepo.init(dir);
    repo.write("data/raw.csv", "1,2\n");
    repo.write("images/a.png", "aa");
    repo.add("data/raw.csv", "images");
    Output images = repo.add("images").added().get(0).output();
    String v1 = repo.commit("v1", "data/raw.csv.mlctl", "images.mlctl");
    repo.write("data/raw.csv", "1,2\n3,4\n");
    repo.write("model.bin", "m");
    repo.add("data/raw.csv", "model.bin");
    repo.commit("v2", "data/raw.csv.mlctl", "model.bin.mlctl");

    List<Ls.Entry> atV1 = new Ls(repo.workspace()).call(Optional.of(v1));
    List<Ls.Entry> now = new Ls(repo.workspace()).call(Optional.empty());
    List<Ls.Entry> head = new Ls(repo.workspace()).call(Optional.of("HEAD"));

    assertEquals(List.of(
        new Ls.Entry("data/raw.csv", Output.file("raw.csv", sha("1,2\n"), 4)),
        new Ls.Entry("images", images)), atV1);
    assertEquals(List.of(
        new Ls.Entry("data/raw.csv", Output.file("raw.csv", sha("1,2\n3,4\n"), 8)),
        new Ls.Entry("images", images),
        new Ls.Entry("model.bin", Output.file("model.bin", sha("m"), 1))), head);
    assertEquals(head, now);
  }

  @Test
  void ls_atARevision_listsInPathOrder_whateverOrderAPointerHasItsOutputsIn() {
    repo = GitTestRepo.init(dir);
    // Written by hand: the outputs out of order, one pointer at the root and one in a folder.
    repo.write("pair.mlctl", "outs:\n- path: zz.csv\n  sha256: " + sha("z") + "\n  size: 1\n"
        + "- path: b/a.csv\n  sha256: " + sha("a") + "\n  size: 1\n");
    repo.write("b/x.mlctl", "outs:\n- path: x.csv\n  sha256: " + sha("x") + "\n  size: 1\n");
    String rev = repo.commit("by hand", "pair.mlctl", "b/x.mlctl");

    List<Ls.Entry> at = new Ls(repo.workspace()).call(Optional.of(rev));

    assertEquals(List.of("b/a.csv", "b/x.csv", "zz.csv"), at.stream().map(Ls.Entry::path).toList());
  }
}
