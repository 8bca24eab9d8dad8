package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlctl import-dvc} end to end, on DVC projects the test writes in DVC's documented formats
 * (DVC is not installed here): a params reference, a foreach stage and a directory output.
 */
class ImportDvcCommandTest {
  @TempDir
  Path tmp;

  private static String md5(String text) {
    try {
      return Hex.encodeHexString(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path root, String rel, String text) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Puts text in DVC 3's cache; returns its MD5. */
  private static String cache(Path root, String text, String suffix) {
    String h = md5(text);
    write(root, ".dvc/cache/files/md5/" + h.substring(0, 2) + "/" + h.substring(2) + suffix, text);
    return h;
  }

  private static String lockFile(String path, String md5, int size) {
    return "    - path: " + path + "\n      hash: md5\n      md5: " + md5 + "\n      size: " + size + "\n";
  }

  /** A Git work tree holding a DVC project that was run and committed; no mlctl yet. */
  private Path dvcProject() {
    Path root = Cli.gitInit(tmp.resolve("repo"));
    write(root, ".dvc/config", "");
    write(root, ".dvcignore", "# Add patterns of files dvc should ignore\n");
    write(root, "params.yaml", "train:\n  epochs: 3\n");
    write(root, "data/raw.csv", "x\n1\n2\n");
    write(root, "data/.gitignore", "/raw.csv\n");
    write(root, "data/raw.csv.dvc", "outs:\n- md5: " + md5("x\n1\n2\n") + "\n  size: 6\n  hash: md5\n  path: raw.csv\n");
    Map<String, String> images = new TreeMap<>(Map.of("a.png", "AAA", "b/c.png", "CCC"));
    StringBuilder listing = new StringBuilder("[");
    images.forEach((rel, text) -> {
      listing.append(listing.length() > 1 ? ", " : "").append("{\"md5\": \"").append(cache(root, text, ""))
          .append("\", \"relpath\": \"").append(rel).append("\"}");
      write(root, "data/images/" + rel, text);
    });
    String dir = cache(root, listing.append("]").toString(), ".dir") + ".dir";
    write(root, "data/images.dvc", "outs:\n- md5: " + dir + "\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: images\n");
    write(root, "dvc.yaml", "stages:\n  train:\n    foreach: [small, large]\n    do:\n      cmd: ./train ${item} ${train.epochs}\n"
        + "      deps:\n      - data/images\n      params:\n      - train.epochs\n      outs:\n      - models/${item}.bin\n");
    StringBuilder lock = new StringBuilder("schema: '2.0'\nstages:\n");
    for (String m : new String[] {"small", "large"}) {
      write(root, "models/" + m + ".bin", "model " + m);
      lock.append("  train@").append(m).append(":\n    cmd: ./train ").append(m).append(" 3\n    deps:\n")
          .append("    - path: data/images\n      hash: md5\n      md5: ").append(dir).append("\n      size: 6\n      nfiles: 2\n")
          .append("    params:\n      params.yaml:\n        train.epochs: 3\n    outs:\n")
          .append(lockFile("models/" + m + ".bin", md5("model " + m), 6 + m.length()));
    }
    write(root, "dvc.lock", lock.toString());
    return root;
  }

  @Test
  void importDvc_onARunDvcProject_initialisesConvertsAndLeavesNothingToDo() {
    Path root = dvcProject();

    Cli.Result r = Cli.in(root, "import-dvc");

    assertEquals(0, r.code(), r::toString);
    assertEquals(String.join("\n",
        "Initialised mlctl project in " + root,
        "Converted data/images.dvc: data/images -> data/images.mlctl",
        "Converted data/raw.csv.dvc: data/raw.csv -> data/raw.csv.mlctl",
        "Converted dvc.yaml: stage 'train' -> mlctl.yaml (expands to train@small, train@large)",
        "Converted dvc.lock: stage 'train@small' -> mlctl.lock",
        "Converted dvc.lock: stage 'train@large' -> mlctl.lock",
        "Everything converted. DVC's files, cache and remotes are left as they were.", ""), r.out());
    assertTrue(Files.isRegularFile(root.resolve(".mlctl/config.yaml")));
    JsonNode status = Cli.in(root, "status", "--json").json();
    assertEquals(0, status.get("changed").size(), status::toString);
    assertEquals(2, status.get("stages").size(), status::toString);
    status.get("stages").forEach(s -> assertFalse(s.get("stale").asBoolean(), status::toString));
    assertEquals(0, Cli.in(root, "status", "--check").code());
  }

  @Test
  void importDvc_afterImport_checkoutRestoresDataFromMlctlsCache() throws IOException {
    Path root = dvcProject();
    Cli.in(root, "import-dvc");
    Files.delete(root.resolve("data/images/b/c.png"));
    Files.delete(root.resolve("models/small.bin"));

    Cli.Result r = Cli.in(root, "checkout");

    assertEquals(0, r.code(), r::toString);
    assertEquals("CCC", Files.readString(root.resolve("data/images/b/c.png")));
    assertEquals("model small", Files.readString(root.resolve("models/small.bin")));
  }

  @Test
  void importDvc_json_listsConvertedAndNotConverted() throws IOException {
    Path root = dvcProject();
    write(root, ".dvc/config", "[core]\n    remote = storage\n['remote \"storage\"']\n    url = /mnt/dvc-store\n");

    Cli.Result r = Cli.in(root, "import-dvc", "--json");

    assertEquals(1, r.code(), r::toString);
    assertEquals("", r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertTrue(doc.get("initialised").asBoolean());
    JsonNode first = doc.get("converted").get(0);
    assertEquals("pointer", first.get("kind").asText());
    assertEquals("data/images.dvc: data/images", first.get("from").asText());
    assertEquals("data/images.mlctl", first.get("to").asText());
    assertEquals("converted", first.get("state").asText());
    JsonNode lockEntry = doc.get("converted").get(3);
    assertEquals("lock_entry", lockEntry.get("kind").asText());
    JsonNode remote = doc.get("not_converted").get(0);
    assertEquals("remote", remote.get("kind").asText());
    assertEquals(".dvc/config", remote.get("from").asText());
    assertEquals("remote 'storage'", remote.get("what").asText());
    assertEquals(1, doc.get("not_converted").size());
  }

  @Test
  void importDvc_somethingNotConverted_exits1WithTheListAndConvertsTheRest() {
    Path root = dvcProject();
    write(root, ".dvc/config", "['remote \"storage\"']\n    url = s3://bucket/path\n");

    Cli.Result r = Cli.in(root, "import-dvc");

    assertEquals(1, r.code(), r::toString);
    assertTrue(r.out().endsWith("Could not convert:\n  .dvc/config: remote 'storage': DVC's remote holds MD5-named objects"
        + " mlctl cannot use; it is left as it is: add an mlctl remote ('mlctl remote add NAME URL') and run 'mlctl push'\n"),
        r.out());
    assertEquals("mlctl: error: 1 item could not be converted (everything else was; see the list above)\n", r.err());
    assertTrue(Files.isRegularFile(root.resolve("data/raw.csv.mlctl")));
    assertTrue(Files.isRegularFile(root.resolve("mlctl.lock")));
  }

  @Test
  void importDvc_runAgain_reportsEverythingUnchanged() {
    Path root = dvcProject();
    Cli.in(root, "import-dvc");

    Cli.Result r = Cli.in(root, "import-dvc", "-q");
    Cli.Result again = Cli.in(root, "import-dvc");

    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.out());
    assertTrue(again.out().startsWith("Unchanged data/images.dvc: data/images -> data/images.mlctl\n"), again.out());
    assertFalse(again.out().contains("Converted "), again.out());
  }

  @Test
  void importDvc_pathTraversal_exits3NamingFileAndPathAndWritesNothing() {
    Path root = dvcProject();
    write(root, "data/evil.dvc", "outs:\n- md5: " + md5("x") + "\n  path: ../../../etc/passwd\n");

    String line = Cli.in(root, "import-dvc").errorLine(3);

    assertEquals("mlctl: error: data/evil.dvc: path '../../../etc/passwd' leaves its folder through '..'"
        + " (import-dvc only reads and writes inside the work tree, never in .git or .mlctl)", line);
    assertFalse(Files.exists(root.resolve(".mlctl")), "refused before anything was written");
    assertFalse(Files.exists(root.resolve("data/raw.csv.mlctl")));
  }

  @Test
  void importDvc_lockPathIntoMlctl_exits3() {
    Path root = dvcProject();
    write(root, "dvc.lock", "schema: '2.0'\nstages:\n  train@small:\n    cmd: x\n    outs:\n"
        + lockFile(".mlctl/config.yaml", md5("x"), 1));

    String line = Cli.in(root, "import-dvc").errorLine(3);

    assertEquals("mlctl: error: dvc.lock: stage 'train@small': path '.mlctl/config.yaml' lies inside mlctl's own folder .mlctl/"
        + " (mlctl writes only inside the work tree, never into .git or .mlctl)", line);
  }

  @Test
  void importDvc_pathArgument_namesTheProject() {
    Path root = dvcProject();

    Cli.Result r = Cli.in(tmp, "import-dvc", "repo", "-q");

    assertEquals(0, r.code(), r::toString);
    assertTrue(Files.isRegularFile(root.resolve("mlctl.yaml")));
  }

  @Test
  void importDvc_notADvcProject_exits3() {
    Path root = Cli.gitInit(tmp.resolve("plain"));

    String line = Cli.in(root, "import-dvc").errorLine(3);

    assertEquals("mlctl: error: not a DVC project: " + root + " has no .dvc folder (run import-dvc in the folder where"
        + " 'dvc init' was run, or name it: mlctl import-dvc PATH)", line);
  }
}
