package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each output gets one .gitignore line that matches exactly its name, as Git reads the file. */
class GitIgnoreTest {
  @TempDir
  Path dir;

  @Test
  void escape_quotesPatternCharactersAndTrailingSpaces() {
    assertEquals("raw.csv", GitIgnore.escape("raw.csv"));
    assertEquals("\\*\\?\\[x\\!\\#", GitIgnore.escape("*?[x!#"));
    assertEquals("trail.txt\\ ", GitIgnore.escape("trail.txt "));
    assertEquals("a b\\ \\ ", GitIgnore.escape("a b  "));
  }

  @Test
  void escape_ofANameOfSpacesOnly_quotesEachOne() {
    assertEquals("\\ ", GitIgnore.escape(" "));
    assertEquals("\\ \\ ", GitIgnore.escape("  "));
    assertEquals(" a", GitIgnore.escape(" a"));
  }

  @Test
  void ensure_addsEachNameOnce_keepingWhatIsThere() throws Exception {
    Files.writeString(dir.resolve(".gitignore"), "# mine\n*.log\n");

    assertEquals(true, GitIgnore.ensure(dir, "raw.csv"));
    assertEquals(false, GitIgnore.ensure(dir, "raw.csv"));
    assertEquals(true, GitIgnore.ensure(dir, "model.bin"));

    assertEquals("# mine\n*.log\n/raw.csv\n/model.bin\n", Files.readString(dir.resolve(".gitignore")));
  }

  @Test
  void ensure_ofANameWithTrailingSpaces_matchesThatNameOnlyInGit() throws Exception {
    Files.writeString(dir.resolve("trail.txt "), "1\n");
    Files.writeString(dir.resolve("trail.txt"), "2\n");
    git("init", "-q");

    GitIgnore.ensure(dir, "trail.txt ");

    assertEquals(List.of("/trail.txt\\ "), Files.readAllLines(dir.resolve(".gitignore"), StandardCharsets.UTF_8));
    assertEquals(0, git("check-ignore", "-q", "trail.txt "), "the name with its space is ignored");
    assertEquals(1, git("check-ignore", "-q", "trail.txt"), "the name without it is not");
  }

  private int git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }
}
