package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What commands say in text: counts that read right, the hint to commit, no trailing spaces, no colour off a terminal. */
class MessagesTest {
  @TempDir
  Path tmp;

  private Path repo;

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  @Test
  void pushOfOneObject_saysObjectInTheSingular() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    Files.writeString(repo.resolve("a.csv"), "x\n1\n");
    ok("add", "a.csv", "-q");
    ok("remote", "add", "store", tmp.resolve("remote").toString(), "-q");
    assertTrue(ok("push").out().startsWith("Pushed 1 object ("), "singular");
    Files.writeString(repo.resolve("b.csv"), "x\n2\n");
    Files.writeString(repo.resolve("c.csv"), "x\n3\n");
    ok("add", "b.csv", "c.csv", "-q");
    assertTrue(ok("push").out().startsWith("Pushed 2 objects ("), "plural");
    assertEquals("Checked 3 objects: all intact.\n", ok("fsck").out());
    Files.createDirectories(repo.resolve("d"));
    Files.writeString(repo.resolve("d/one.txt"), "1");
    assertTrue(ok("add", "d").out().startsWith("Added d (1 file, "), "a directory of one file");
  }

  @Test
  void repro_printsTheGitAddHintAsAddDoes() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    Files.writeString(repo.resolve("mlctl.yaml"), """
        stages:
          make:
            cmd: "mkdir -p out && echo hi > out/a.txt && echo '{\\"n\\": 1}' > m.json"
            outs: [out/a.txt]
            metrics: [{m.json: {cache: false}}]
        """);
    String said = ok("repro").out();
    assertTrue(said.endsWith("\nTo track the changes with git, run:\n\n\tgit add mlctl.lock out/.gitignore\n"), said);
    String again = ok("repro").out();
    assertFalse(again.contains("git add"), "nothing ran, nothing to commit: " + again);
  }

  @Test
  void textOutput_hasNoTrailingSpaces_andNoColourOffATerminal() throws IOException {
    assumeTrue(Cli.hasGit(), "git is not installed");
    repo = Cli.project(tmp.resolve("repo"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      Files.createDirectories(repo.resolve("data"));
      Files.write(repo.resolve("data/points.csv"), in.readAllBytes());
    }
    ok("add", "data/points.csv", "-q");
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "-o", "models/m.model", "-q");
    ok("models", "register", "pts", "models/m.model", "-q");
    ok("remote", "add", "store", tmp.resolve("remote").toString(), "-q");
    Files.writeString(repo.resolve("data/points.csv"), "x,y,region,label\n1,2,north,hi\n");
    List<String[]> lines = new ArrayList<>();
    for (String[] argv : List.of(new String[] {"status"}, new String[] {"ls"}, new String[] {"diff"}, new String[] {"push"},
        new String[] {"fsck"}, new String[] {"gc", "--dry-run"}, new String[] {"remote", "list"}, new String[] {"config", "list"},
        new String[] {"models", "list"}, new String[] {"models", "show", "pts"}, new String[] {"models", "show", "pts@v1"},
        new String[] {"models", "audit"}, new String[] {"doctor"})) {
      Cli.Result r = Cli.in(repo, argv);
      for (String line : (r.out() + r.err()).split("\n")) {
        lines.add(new String[] {String.join(" ", argv), line});
      }
    }
    for (String[] l : lines) {
      assertFalse(l[1].endsWith(" ") || l[1].endsWith("\t"), () -> l[0] + ": trailing space: '" + l[1] + "'");
      assertFalse(l[1].contains("\u001b["), () -> l[0] + ": colour off a terminal: " + l[1]);
    }
  }
}
