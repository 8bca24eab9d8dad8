package io.mlctl.core.pointer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static String h(char c) {
    return String.valueOf(c).repeat(64);
  }

  /** Given out of order; the paths' UTF-16 order differs from their code-point order (U+FFFD, U+1F600). */
  private static final List<Manifest.Entry> ENTRIES = List.of(
      new Manifest.Entry("b.txt", h('2'), 3),
      new Manifest.Entry("a/c.bin", h('1'), 10),
      new Manifest.Entry("\u00e9.txt", h('3'), 5),
      new Manifest.Entry("Z", h('4'), 0),
      new Manifest.Entry("a-b", h('5'), 1),
      new Manifest.Entry("\uD83D\uDE00.png", h('6'), 7),
      new Manifest.Entry("\uFFFD", h('7'), 2),
      new Manifest.Entry("q\"uote", h('8'), 4));

  /** Made with Python: json.dumps(path, ensure_ascii=False), entries sorted(), joined with no spaces. */
  private static final String CANONICAL = "["
      + "{\"path\":\"Z\",\"sha256\":\"" + h('4') + "\",\"size\":0},"
      + "{\"path\":\"a-b\",\"sha256\":\"" + h('5') + "\",\"size\":1},"
      + "{\"path\":\"a/c.bin\",\"sha256\":\"" + h('1') + "\",\"size\":10},"
      + "{\"path\":\"b.txt\",\"sha256\":\"" + h('2') + "\",\"size\":3},"
      + "{\"path\":\"q\\\"uote\",\"sha256\":\"" + h('8') + "\",\"size\":4},"
      + "{\"path\":\"\u00e9.txt\",\"sha256\":\"" + h('3') + "\",\"size\":5},"
      + "{\"path\":\"\uFFFD\",\"sha256\":\"" + h('7') + "\",\"size\":2},"
      + "{\"path\":\"\uD83D\uDE00.png\",\"sha256\":\"" + h('6') + "\",\"size\":7}"
      + "]";

  /** sha256 of CANONICAL's 818 UTF-8 bytes, from hashlib. */
  private static final String CANONICAL_SHA256 = "f67bf664565a5e39f4695d8e11b6f2e091252c19b98e96b5246b6dcb004da229";

  @Test
  void manifest_isCanonical() {
    byte[] bytes = Manifest.of(ENTRIES).toBytes();

    assertEquals(CANONICAL, new String(bytes, StandardCharsets.UTF_8));
    assertArrayEquals(CANONICAL.getBytes(StandardCharsets.UTF_8), bytes);
    assertEquals(818, bytes.length);
    for (byte b : bytes) {
      assertFalse(b == ' ' || b == '\n' || b == '\r' || b == '\t', "whitespace in canonical manifest");
    }
    assertEquals(CANONICAL_SHA256, Sha256.of(bytes));
  }

  @Test
  void manifest_sortsByCodePoint_notByUtf16() {
    List<String> paths = Manifest.of(ENTRIES).entries().stream().map(Manifest.Entry::path).toList();

    assertEquals(List.of("Z", "a-b", "a/c.bin", "b.txt", "q\"uote", "\u00e9.txt", "\uFFFD", "\uD83D\uDE00.png"), paths);
  }

  @Test
  void manifest_doesNotDependOnInputOrder() {
    List<Manifest.Entry> reversed = new java.util.ArrayList<>(ENTRIES);
    java.util.Collections.reverse(reversed);

    assertArrayEquals(Manifest.of(ENTRIES).toBytes(), Manifest.of(reversed).toBytes());
  }

  @Test
  void parse_ofCanonicalBytes_roundTrips() {
    Manifest m = Manifest.of(ENTRIES);

    Manifest back = Manifest.parse(m.toBytes(), "test");

    assertEquals(m.entries(), back.entries());
    assertArrayEquals(m.toBytes(), back.toBytes());
    assertEquals(32, back.totalSize());
  }

  @Test
  void parse_escapesControlCharactersBack() {
    Manifest m = Manifest.of(List.of(new Manifest.Entry("tab\there\u0001ctl", h('a'), 1)));

    assertEquals("[{\"path\":\"tab\\there\\u0001ctl\",\"sha256\":\"" + h('a') + "\",\"size\":1}]",
        new String(m.toBytes(), StandardCharsets.UTF_8));
    assertEquals(m.entries(), Manifest.parse(m.toBytes(), "test").entries());
  }

  @Test
  void parse_refusesAnEntryWithALineBreakOrAGitFolder() {
    for (String path : List.of("new\nline", "a/.git/config", ".GIT/hooks/post-checkout")) {
      byte[] bytes = Manifest.of(List.of(new Manifest.Entry(path, h('a'), 1))).toBytes();

      BadInputException e = assertThrows(BadInputException.class, () -> Manifest.parse(bytes, "images (manifest)"), path);

      assertTrue(e.getMessage().startsWith("images (manifest): path '"), e.getMessage());
    }
  }

  @Test
  void emptyManifest_isAnEmptyArray() {
    assertEquals("[]", new String(Manifest.of(List.of()).toBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void manifestObject_isNamedByTheHashOfItsBytes() throws Exception {
    try (FileSystem fs = TestRepo.newFileSystem()) {
      ObjectStore store = new ObjectStore(fs.getPath("/c/sha256"), fs.getPath("/c/tmp"));

      ObjectStore.Inserted ins = store.insert(Manifest.of(ENTRIES).toBytes());

      assertEquals(CANONICAL_SHA256, ins.hash());
      assertArrayEquals(CANONICAL.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(store.path(ins.hash())));
      assertEquals(fs.getPath("/c/sha256/f6/7bf664565a5e39f4695d8e11b6f2e091252c19b98e96b5246b6dcb004da229"),
          store.path(ins.hash()));
    }
  }

  @Test
  void parse_rejectsDotDot() {
    byte[] bad = ("[{\"path\":\"a/../../x\",\"sha256\":\"" + h('1') + "\",\"size\":1}]").getBytes(StandardCharsets.UTF_8);

    BadInputException e = assertThrows(BadInputException.class, () -> Manifest.parse(bad, "data.mlctl (manifest)"));

    assertTrue(e.getMessage().startsWith("data.mlctl (manifest): "), e.getMessage());
    assertTrue(e.getMessage().contains(".."), e.getMessage());
  }

  @Test
  void parse_rejectsAbsolutePath() {
    byte[] bad = ("[{\"path\":\"/etc/passwd\",\"sha256\":\"" + h('1') + "\",\"size\":1}]").getBytes(StandardCharsets.UTF_8);

    BadInputException e = assertThrows(BadInputException.class, () -> Manifest.parse(bad, "m"));

    assertTrue(e.getMessage().contains("absolute"), e.getMessage());
  }

  @Test
  void parse_rejectsBadHash() {
    byte[] bad = "[{\"path\":\"a\",\"sha256\":\"ABC\",\"size\":1}]".getBytes(StandardCharsets.UTF_8);

    assertThrows(BadInputException.class, () -> Manifest.parse(bad, "m"));
  }

  @Test
  void parse_ofMalformedJson_namesLineAndColumn() {
    byte[] bad = "[\n{\"path\":\"a\",\n \"sha256\" \"x\"}]".getBytes(StandardCharsets.UTF_8);

    BadInputException e = assertThrows(BadInputException.class, () -> Manifest.parse(bad, "m.json"));

    assertTrue(e.getMessage().matches("m\\.json:3:\\d+: .*"), e.getMessage());
  }

  @Test
  void parse_ofANonObjectEntry_isRejectedNotSkipped() {
    String text = "[{\"path\":\"a\",\"sha256\":\"" + h('a') + "\",\"size\":1},1]";

    BadInputException e = assertThrows(BadInputException.class,
        () -> Manifest.parse(text.getBytes(StandardCharsets.UTF_8), "m.json"));

    assertTrue(e.getMessage().startsWith("m.json:1:"), e.getMessage());
  }

  @Test
  void parse_ofBytesAfterTheArray_isRejected() {
    String text = "[{\"path\":\"a\",\"sha256\":\"" + h('a') + "\",\"size\":1}][]";

    assertThrows(BadInputException.class, () -> Manifest.parse(text.getBytes(StandardCharsets.UTF_8), "m.json"));
  }

  @Test
  void parse_ofAnEmptyArray_isAnEmptyManifest() {
    assertEquals(List.of(), Manifest.parse("[]".getBytes(StandardCharsets.UTF_8), "m.json").entries());
  }

  private static final String H = h('9');

  @Test
  void of_aListInDescendingOrder_isSorted() {
    List<Manifest.Entry> descending = List.of(new Manifest.Entry("c", H, 3), new Manifest.Entry("b", H, 2),
        new Manifest.Entry("a", H, 1));

    assertEquals(List.of("a", "b", "c"), Manifest.of(descending).entries().stream().map(Manifest.Entry::path).toList());
  }

  @Test
  void pathOrder_putsAPrefixFirst_andEqualPathsTie() {
    assertTrue(Manifest.PATH_ORDER.compare("a", "ab") < 0);
    assertTrue(Manifest.PATH_ORDER.compare("ab", "a") > 0);
    assertEquals(0, Manifest.PATH_ORDER.compare("ab", "ab"));
    assertTrue(Manifest.PATH_ORDER.compare("a/b", "a-b") > 0, "'/' (0x2f) sorts after '-' (0x2d)");
  }

  @Test
  void byPath_findsEveryEntry() {
    Manifest m = Manifest.of(List.of(new Manifest.Entry("b.txt", H, 2), new Manifest.Entry("a/c.bin", H, 5)));

    assertEquals(java.util.Map.of("a/c.bin", new Manifest.Entry("a/c.bin", H, 5), "b.txt", new Manifest.Entry("b.txt", H, 2)),
        m.byPath());
    assertEquals(7, m.totalSize());
  }

  // JSON escapes only characters below U+0020 (RFC 8259, 7): a space is written as it is.
  @Test
  void toBytes_writesASpaceAndPrintableCharactersLiterally() {
    Manifest m = Manifest.of(List.of(new Manifest.Entry("a b~\u001f", H, 1)));

    assertEquals("[{\"path\":\"a b~\\u001f\",\"sha256\":\"" + H + "\",\"size\":1}]",
        new String(m.toBytes(), StandardCharsets.UTF_8));
  }
}
