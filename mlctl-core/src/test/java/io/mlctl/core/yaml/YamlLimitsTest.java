package io.mlctl.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile YAML is refused quickly, as bad input with a place: alias bombs of scalars and of
 * collections, one-line files that SnakeYAML would scan in quadratic time, oversized files.
 * (The time-outs only guard against a hang; speed itself is measured in bench/.)
 */
class YamlLimitsTest {
  private static final Duration HANG = Duration.ofSeconds(20);

  /**
   * {@code a: &a "<n characters>"} and {@code b: [*a, *a, ...]}: small to write, gigabytes to
   * use. The scalar has spaces, so the check on long runs does not catch it first.
   */
  private static String scalarBomb(int scalar, int uses) {
    StringBuilder sb = new StringBuilder("a: &a \"").append("xxx ".repeat(scalar / 4)).append("\"\nb: [");
    for (int i = 0; i < uses; i++) {
      sb.append(i == 0 ? "" : ", ").append("*a");
    }
    return sb.append("]\n").toString();
  }

  @Test
  void parse_whenAliasesOfAScalarExpandPastTheLimit_namesTheAliasLineAndColumn() {
    String text = scalarBomb(1_000_000, 5000);

    BadInputException e = assertTimeoutPreemptively(HANG,
        () -> assertThrows(BadInputException.class, () -> YamlFiles.parse(text, "params.yaml")));

    assertTrue(e.getMessage().startsWith("params.yaml:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("expands to more than"), e.getMessage());
    assertTrue(e.hint().orElse("").contains(YamlLimits.ENV), e.hint().toString());
  }

  @Test
  void parse_whenAliasesStayWithinTheLimit_buildsTheDocument() {
    Object doc = YamlFiles.parse(scalarBomb(10, 20) + "base: &b {x: 1}\nuse: [*b, *b]\n", "params.yaml");

    Map<?, ?> m = (Map<?, ?>) doc;
    assertEquals(20, ((List<?>) m.get("b")).size());
    assertEquals("xxx xxx ", ((List<?>) m.get("b")).get(19));
    assertEquals(List.of(Map.of("x", 1), Map.of("x", 1)), m.get("use"));
  }

  @Test
  void parse_whenNestedAliasesMultiply_isRefused() {
    // Each level doubles: 2^40 copies of one scalar, in under 1 KB of text.
    StringBuilder sb = new StringBuilder("l0: &l0 [\"").append("y".repeat(100)).append("\"]\n");
    for (int i = 1; i <= 40; i++) {
      sb.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
    }

    BadInputException e = assertTimeoutPreemptively(HANG,
        () -> assertThrows(BadInputException.class, () -> YamlFiles.parse(sb.toString(), "mlctl.yaml")));

    assertTrue(e.getMessage().matches("mlctl\\.yaml:\\d+:\\d+: .*"), e.getMessage());
  }

  @Test
  void parse_whenCollectionAliasesPassTheirCount_namesLineAndColumn() {
    StringBuilder sb = new StringBuilder("a: &a [1]\nb:\n");
    for (int i = 0; i < 60; i++) {
      sb.append("- *a\n");
    }

    BadInputException e = assertThrows(BadInputException.class, () -> YamlFiles.parse(sb.toString(), "params.yaml"));

    assertEquals("params.yaml:53:3: more than 50 aliases of lists or mappings", e.getMessage());
  }

  @Test
  void parse_ofAOneLineFileWithAHugeWord_isRefusedAtItsPlace() {
    String text = "outs:\n- path: " + "p".repeat(4 * 1024 * 1024) + "\n";

    BadInputException e = assertTimeoutPreemptively(HANG,
        () -> assertThrows(BadInputException.class, () -> YamlFiles.compose(text, "x.mlctl")));

    assertTrue(e.getMessage().startsWith("x.mlctl:2:9: more than 262144 characters without a space or line break"),
        e.getMessage());
  }

  @Test
  void parse_ofAHugeCommentLine_isRefused() {
    String text = "stages: {}\n# " + "words and more words ".repeat(20_000) + "\n";

    BadInputException e = assertThrows(BadInputException.class, () -> YamlFiles.parse(text, "mlctl.yaml"));

    assertTrue(e.getMessage().startsWith("mlctl.yaml:2:1: "), e.getMessage());
  }

  @Test
  void parse_ofALongLineOfShortTokens_isAccepted() {
    StringBuilder sb = new StringBuilder("v: [");
    for (int i = 0; i < 100_000; i++) {
      sb.append(i == 0 ? "" : ", ").append(i);
    }
    Map<?, ?> m = (Map<?, ?>) YamlFiles.parse(sb.append("]\n").toString(), "params.yaml");

    assertEquals(100_000, ((List<?>) m.get("v")).size());
  }

  @Test
  void load_ofAFileOverTheSizeLimit_isRefusedBeforeItIsRead() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path f = fs.getPath("/params.yaml");
      Files.writeString(f, "a: 1\n".repeat(1000));
      YamlLimits small = new YamlLimits(1024);

      BadInputException e = assertThrows(BadInputException.class, () -> small.checkSize(Files.size(f), "params.yaml"));

      assertEquals("params.yaml: the file has 5000 bytes, more than the 1024 mlctl reads from a YAML file", e.getMessage());
      assertTrue(e.hint().orElse("").contains("MLCTL_YAML_MAX_BYTES=BYTES"));
    }
  }

  @Test
  void load_ofAFileWithinTheLimits_reads() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path f = fs.getPath("/params.yaml");
      Files.writeString(f, "train: {lr: 0.1}\n");

      assertEquals(Map.of("train", Map.of("lr", 0.1)), YamlFiles.load(f, "params.yaml"));
    }
  }

  @Test
  void load_ofAFileThatIsNotUtf8_isBadInputNamingTheFile() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path f = fs.getPath("/params.yaml");
      Files.write(f, new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

      BadInputException e = assertThrows(BadInputException.class, () -> YamlFiles.load(f, "params.yaml"));

      assertEquals("params.yaml: not valid UTF-8", e.getMessage());
    }
  }

  @Test
  void parse_ofTooDeeplyNestedText_namesAPlace() {
    String text = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";

    BadInputException e = assertThrows(BadInputException.class, () -> YamlFiles.parse(text, "params.yaml"));

    assertTrue(e.getMessage().matches("params\\.yaml:1:\\d+: malformed YAML: .*"), e.getMessage());
  }

  // Found by LockFileFuzzTest: SnakeYAML let an IllegalArgumentException out for a tag it made itself.
  @Test
  void parse_ofATagSnakeYamlCannotMake_namesAPlace() {
    BadInputException e = assertThrows(BadInputException.class, () -> YamlFiles.parse("!%A", "mlctl.lock"));

    assertTrue(e.getMessage().matches("mlctl\\.lock:1:\\d+: malformed YAML: .*"), e.getMessage());
  }

  @Test
  void parse_ofAMalformedBinaryOrInteger_namesTheValuesPlace() {
    BadInputException binary = assertThrows(BadInputException.class, () -> YamlFiles.parse("a: 1\nb: !!binary \"@@@\"\n", "params.yaml"));
    BadInputException integer = assertThrows(BadInputException.class, () -> YamlFiles.parse("a: [1, !!int 0x]\n", "params.yaml"));

    assertTrue(binary.getMessage().startsWith("params.yaml:2:4: malformed YAML: "), binary.getMessage());
    assertTrue(integer.getMessage().startsWith("params.yaml:1:8: malformed YAML: "), integer.getMessage());
  }
}
