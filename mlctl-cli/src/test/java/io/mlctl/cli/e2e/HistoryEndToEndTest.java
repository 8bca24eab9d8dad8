package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.cli.e2e.CliRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff, ls and gc over two commits of a tracked directory and a tracked file. */
class HistoryEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private CliRepo repo;
  private String v1;
  private String v2;

  @BeforeEach
  void setUp() {
    repo = CliRepo.init(dir.resolve("repo"));
    repo.write("data/a.csv", "a1\n");
    repo.write("data/b.csv", "b1\n");
    repo.write("model.bin", "m1");
    repo.ok("add", "data", "model.bin");
    v1 = repo.commit("v1", "data.mlctl", "model.bin.mlctl", ".gitignore");
    repo.write("data/a.csv", "a2\n");
    repo.delete("data/b.csv");
    repo.write("data/c.csv", "c2\n");
    repo.ok("add", "data");
    v2 = repo.commit("v2", "data.mlctl");
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static String sha(String text) {
    return io.mlctl.core.store.Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void diffJson_betweenTwoCommits_isFileByFile() throws Exception {
    Run r = repo.run("diff", "--json", v1, v2);

    assertEquals(0, r.code(), r.toString());
    assertEquals(JSON.readTree("{\"added\":[{\"path\":\"data/c.csv\"}],\"deleted\":[{\"path\":\"data/b.csv\"}],"
        + "\"modified\":[{\"path\":\"data/a.csv\"}]}"), JSON.readTree(r.out()));
  }

  @Test
  void diff_ofHeadAndTheWorkTree_byDefault() throws Exception {
    repo.write("model.bin", "m2");
    repo.write("data/d.csv", "d\n");

    Run text = repo.run("diff");
    Run json = repo.run("--json", "diff");

    assertEquals(0, text.code(), text.toString());
    assertEquals("added:    data/d.csv\nmodified: model.bin\n", text.out());
    assertEquals(JSON.readTree("{\"added\":[{\"path\":\"data/d.csv\"}],\"deleted\":[],\"modified\":[{\"path\":\"model.bin\"}]}"),
        JSON.readTree(json.out()));
  }

  @Test
  void diff_ofAnUnknownRevision_exits3() {
    Run r = repo.run("diff", "nope");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("unknown revision 'nope'"), r.err());
  }

  @Test
  void diff_inARepositoryWithoutCommits_saysSo() throws Exception {
    Path fresh = dir.resolve("fresh");
    org.eclipse.jgit.api.Git.init().setDirectory(fresh.toFile()).call().close();
    assertEquals(0, CliRepo.run(fresh, "init").code());

    Run r = CliRepo.run(fresh, "diff");

    assertEquals(3, r.code(), r.toString());
    assertEquals("mlctl: error: unknown revision 'HEAD' (the Git repository has no commits yet)\n", r.err());
  }

  @Test
  void lsJson_atARevision_listsItsOutputs() throws Exception {
    Run r = repo.run("ls", "--json", "HEAD~1");

    assertEquals(0, r.code(), r.toString());
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(2, doc.size());
    assertEquals("data", doc.get(0).get("path").asText());
    assertEquals("dir", doc.get(0).get("kind").asText());
    assertEquals(2, doc.get(0).get("nfiles").asLong());
    assertEquals(6, doc.get(0).get("size").asLong());
    assertEquals("model.bin", doc.get(1).get("path").asText());
    assertEquals(sha("m1"), doc.get(1).get("sha256").asText());
    assertEquals(2, doc.get(1).get("size").asLong());
  }

  @Test
  void ls_now_showsHashSizeAndKind() {
    Run r = repo.run("ls");

    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    assertTrue(lines.get(0).endsWith("dir 2 files      data"), lines.get(0));
    assertTrue(lines.get(1).startsWith(sha("m1").substring(0, 12)), lines.get(1));
  }

  @Test
  void gc_removesOnlyWhatNoCommitReferences_withAllCommits() throws Exception {
    Files.writeString(repo.path("stray.txt"), "stray");
    repo.ok("add", "stray.txt");
    repo.delete("stray.txt.mlctl");
    List<String> before = repo.objects();

    Run dry = repo.run("--json", "gc", "--all-commits", "--dry-run");
    assertEquals(0, dry.code(), dry.toString());
    assertEquals(JSON.readTree("[\"" + sha("stray") + "\"]"), JSON.readTree(dry.out()).get("removed"));
    assertEquals(before, repo.objects());

    Run all = repo.run("gc", "--all-commits");
    assertEquals(0, all.code(), all.toString());
    assertEquals(before.size() - 1, repo.objects().size());
    assertTrue(repo.objects().contains(sha("b1\n")), "kept for v1");

    Run workTree = repo.run("--json", "gc");
    assertEquals(0, workTree.code(), workTree.toString());
    assertTrue(!repo.objects().contains(sha("b1\n")));
    assertTrue(!repo.objects().contains(sha("a1\n")));
    assertTrue(repo.objects().contains(sha("a2\n")));
    assertEquals(0, repo.run("status", "--check").code());
    assertEquals(0, repo.run("fsck").code());
  }

  @Test
  void diffAndLsOfARevision_inAProjectWithoutGit_exit3() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("nogit"));
    assertEquals(0, CliRepo.run(plain, "init", "--no-git").code());

    assertEquals(3, CliRepo.run(plain, "diff").code());
    assertEquals(3, CliRepo.run(plain, "ls", "HEAD").code());
    assertEquals(0, CliRepo.run(plain, "ls").code());
  }
}
