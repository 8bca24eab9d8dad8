package io.mlctl.core.dvc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.dvc.DvcImportResult.Converted;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.NotConverted;
import io.mlctl.core.dvc.DvcImportResult.State;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code .dvc} files into pointers, and DVC's bytes into mlctl's cache. */
class DvcImportTest {
  private TestRepo repo;
  private DvcFixture dvc;

  @BeforeEach
  void setUp() {
    repo = TestRepo.empty();
    dvc = new DvcFixture(repo);
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private DvcImportResult importDvc() {
    return new DvcImport(repo.root(), repo.clock(), Map.of()).call();
  }

  static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private String object(String hash) {
    return repo.read(".mlctl/cache/sha256/" + hash.substring(0, 2) + "/" + hash.substring(2));
  }

  private boolean hasObject(String hash) {
    return repo.exists(".mlctl/cache/sha256/" + hash.substring(0, 2) + "/" + hash.substring(2));
  }

  @Test
  void importDvc_fileWithWorkTreeCopy_writesPointerAndCachesBytes() {
    repo.write("data/raw.csv", "a,b\n1,2\n");
    repo.write("data/.gitignore", "/raw.csv\n");
    dvc.dvcFile("data/raw.csv.dvc", "raw.csv", DvcFixture.md5("a,b\n1,2\n"), 8);

    DvcImportResult r = importDvc();

    assertTrue(r.complete(), r::toString);
    assertFalse(r.initialised());
    assertEquals(List.of(new Converted(Kind.POINTER, "data/raw.csv.dvc: data/raw.csv", "data/raw.csv.mlctl", State.CONVERTED, null)),
        r.converted());
    assertEquals(PointerFile.text(List.of(Output.file("raw.csv", sha("a,b\n1,2\n"), 8))), repo.read("data/raw.csv.mlctl"));
    assertEquals("a,b\n1,2\n", object(sha("a,b\n1,2\n")));
    assertEquals("/raw.csv\n", repo.read("data/.gitignore"));
    assertTrue(repo.exists("data/raw.csv.dvc"), "DVC's file stays");
  }

  @Test
  void importDvc_directoryOnlyInDvcCache_writesDirPointerAndManifest() {
    String dirMd5 = dvc.cacheDir(Map.of("cat.png", "meow", "sub/dog.png", "woof"));
    repo.write("images.dvc", "outs:\n- md5: " + dirMd5 + "\n  size: 8\n  nfiles: 2\n  hash: md5\n  path: images\n");

    DvcImportResult r = importDvc();

    assertTrue(r.complete(), r::toString);
    Manifest m = Manifest.of(List.of(new Manifest.Entry("cat.png", sha("meow"), 4),
        new Manifest.Entry("sub/dog.png", sha("woof"), 4)));
    String manifestHash = Sha256.of(m.toBytes());
    assertEquals(PointerFile.text(List.of(Output.directory("images", manifestHash, 8, 2))), repo.read("images.mlctl"));
    assertArrayEquals(m.toBytes(), object(manifestHash).getBytes(StandardCharsets.UTF_8));
    assertEquals("meow", object(sha("meow")));
    assertEquals("woof", object(sha("woof")));
    assertFalse(repo.exists("images"), "import writes pointers; 'mlctl checkout' fills the work tree");
  }

  @Test
  void importDvc_workTreeFileChangedSinceDvcAdd_recordsDvcsVersionFromItsCache() {
    String md5 = dvc.cache("version 1\n");
    repo.write("model.bin", "version 2, not added\n");
    dvc.dvcFile("model.bin.dvc", "model.bin", md5, 10);

    DvcImportResult r = importDvc();

    assertTrue(r.complete(), r::toString);
    assertEquals(PointerFile.text(List.of(Output.file("model.bin", sha("version 1\n"), 10))), repo.read("model.bin.mlctl"));
    assertEquals("version 2, not added\n", repo.read("model.bin"), "the user's file is left as it is");
    assertFalse(hasObject(sha("version 2, not added\n")), "bytes DVC never recorded stay out of the cache");
  }

  @Test
  void importDvc_bytesNowhere_reportsOutputAndWritesNoPointer() {
    dvc.dvcFile("data.csv.dvc", "data.csv", DvcFixture.md5("only on the remote"), 18);

    DvcImportResult r = importDvc();

    assertFalse(r.complete());
    assertEquals(1, r.notConverted().size(), r::toString);
    NotConverted n = r.notConverted().get(0);
    assertEquals(Kind.OUTPUT, n.kind());
    assertEquals("data.csv.dvc", n.source());
    assertTrue(n.reason().contains("run 'dvc pull' first"), n.reason());
    assertFalse(repo.exists("data.csv.mlctl"));
  }

  @Test
  void importDvc_damagedDvcCacheObject_isNeverStored() {
    String md5 = DvcFixture.md5("the real bytes");
    repo.write(".dvc/cache/files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2), "rotten bytes");
    dvc.dvcFile("x.dvc", "x", md5, 14);

    DvcImportResult r = importDvc();

    assertEquals(Kind.OUTPUT, r.notConverted().get(0).kind());
    assertFalse(hasObject(sha("rotten bytes")));
    assertFalse(repo.exists("x.mlctl"));
  }

  @Test
  void importDvc_dvc2FileWithCrlf_matchesItsLineEndAgnosticMd5AndKeepsTheBytes() {
    String crlf = "a,b\r\n1,2\r\n";
    repo.write("t.csv", crlf);
    // DVC 2 hashed text files with CRLF turned into LF, and wrote no 'hash: md5'.
    repo.write("t.csv.dvc", "outs:\n- md5: " + DvcFixture.md5("a,b\n1,2\n") + "\n  size: 10\n  path: t.csv\n");

    DvcImportResult r = importDvc();

    assertTrue(r.complete(), r::toString);
    assertEquals(crlf, object(sha(crlf)));
  }

  @Test
  void importDvc_dvc2CacheLayout_isRead() {
    String md5 = dvc.cacheLegacy("old\n");
    repo.write("old.txt.dvc", "outs:\n- md5: " + md5 + "\n  path: old.txt\n");

    assertTrue(importDvc().complete());
    assertEquals("old\n", object(sha("old\n")));
  }

  @Test
  void importDvc_runTwice_secondRunChangesNothing() throws Exception {
    repo.write("a.txt", "A\n");
    dvc.dvcFile("a.txt.dvc", "a.txt", DvcFixture.md5("A\n"), 2);
    importDvc();
    byte[] pointer = Files.readAllBytes(repo.path("a.txt.mlctl"));

    DvcImportResult again = importDvc();

    assertEquals(State.UNCHANGED, again.converted().get(0).state());
    assertArrayEquals(pointer, Files.readAllBytes(repo.path("a.txt.mlctl")));
  }

  @Test
  void importDvc_pointerMlctlRecordsOtherwise_keepsIt() {
    repo.write("a.txt", "A\n");
    dvc.dvcFile("a.txt.dvc", "a.txt", DvcFixture.md5("A\n"), 2);
    String newer = PointerFile.text(List.of(Output.file("a.txt", sha("B\n"), 2)));
    repo.write("a.txt.mlctl", newer);

    DvcImportResult r = importDvc();

    assertEquals(State.KEPT, r.converted().get(0).state());
    assertEquals(newer, repo.read("a.txt.mlctl"));
  }

  @Test
  void importDvc_pointerExistsAndDvcBytesGone_keepsItWithoutComplaint() {
    dvc.dvcFile("a.txt.dvc", "a.txt", DvcFixture.md5("gone\n"), 5);
    String mine = PointerFile.text(List.of(Output.file("a.txt", sha("B\n"), 2)));
    repo.write("a.txt.mlctl", mine);

    DvcImportResult r = importDvc();

    assertTrue(r.complete(), r::toString);
    assertEquals(State.KEPT, r.converted().get(0).state());
    assertEquals(mine, repo.read("a.txt.mlctl"));
  }

  @Test
  void importDvc_unsupportedFieldsAndRemotes_areReportedAndTheRestConverted() {
    repo.write(".dvc/config", "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://bucket/dvc\n");
    repo.write("a.txt", "A\n");
    repo.write("a.txt.dvc", "outs:\n- md5: " + DvcFixture.md5("A\n") + "\n  size: 2\n  hash: md5\n  path: a.txt\n"
        + "  remote: other\n  push: true\n  isexec: true\n");

    DvcImportResult r = importDvc();

    assertTrue(repo.exists("a.txt.mlctl"));
    assertEquals(List.of(
        new NotConverted(Kind.REMOTE, ".dvc/config", "remote 'storage'", r.notConverted().get(0).reason()),
        new NotConverted(Kind.OPTION, "a.txt.dvc", "output 'a.txt': field 'remote'",
            "mlctl pushes every cached output to the remote the command names"),
        new NotConverted(Kind.OPTION, "a.txt.dvc", "output 'a.txt': field 'isexec'", "mlctl does not record the executable bit")),
        r.notConverted());
  }

  @Test
  void importDvc_pathLeavingTheWorkTree_isRefusedBeforeAnythingIsWritten() {
    repo.write("a.txt", "A\n");
    dvc.dvcFile("a.txt.dvc", "a.txt", DvcFixture.md5("A\n"), 2);
    dvc.dvcFile("data/evil.dvc", "../../etc/passwd", DvcFixture.md5("x"), 1);

    BadInputException e = assertThrows(BadInputException.class, this::importDvc);

    assertEquals("data/evil.dvc: path '../../etc/passwd' leaves its folder through '..'", e.getMessage());
    assertFalse(repo.exists("a.txt.mlctl"), "nothing written");
  }

  @Test
  void importDvc_pathsIntoGitOrMlctlOrAbsolute_areRefused() {
    for (String[] c : new String[][] {
        {".git/config", "x.dvc: path '.git/config' names a Git folder ('.git')"},
        {".mlctl/config.yaml", "x.dvc: path '.mlctl/config.yaml' lies inside mlctl's own folder .mlctl/"},
        {"/etc/passwd", "x.dvc: absolute path '/etc/passwd' is not allowed"}}) {
      dvc.dvcFile("x.dvc", c[0], DvcFixture.md5("x"), 1);
      BadInputException e = assertThrows(BadInputException.class, this::importDvc, c[0]);
      assertEquals(c[1], e.getMessage());
    }
  }

  @Test
  void importDvc_listingNamingParentFolder_isRefused() {
    String listing = dvc.cacheListing("[{\"md5\": \"" + dvc.cache("x") + "\", \"relpath\": \"../../outside\"}]");
    repo.write("d.dvc", "outs:\n- md5: " + listing + ".dir\n  hash: md5\n  path: d\n");

    BadInputException e = assertThrows(BadInputException.class, this::importDvc);

    assertEquals("d.dvc (listing " + listing + ".dir): path '../../outside' leaves its folder through '..'", e.getMessage());
    assertFalse(repo.exists("d.mlctl"));
  }

  @Test
  void importDvc_withoutDvcFolder_isNotADvcProject() {
    repo.delete(".dvc/config");
    repo.delete(".dvc/.gitignore");
    repo.delete(".dvc");

    BadInputException e = assertThrows(BadInputException.class, this::importDvc);

    assertEquals("not a DVC project: /work/repo has no .dvc folder", e.getMessage());
  }
}
