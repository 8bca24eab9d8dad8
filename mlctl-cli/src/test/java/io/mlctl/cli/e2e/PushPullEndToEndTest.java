package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push}, {@code pull}, {@code fetch}, {@code status -r} and {@code fsck --repair} through the
 * command line, with a folder remote, between a project and a second one that shares its pointer
 * files and config, as a clone on another machine would.
 */
final class PushPullEndToEndTest {
  static final String CSV = "sepal,petal\n5.1,1.4\n4.9,1.4\n";

  @TempDir
  Path tmp;

  CliProject a;
  byte[] png;

  @BeforeEach
  void project() {
    a = CliProject.init(tmp.resolve("a"));
    png = new byte[5000];
    new Random(1).nextBytes(png);
    a.write("data/iris.csv", CSV);
    a.write("images/a.png", png);
    a.write("images/sub/b.txt", "b\n");
    a.ok("add", "data/iris.csv", "images");
    a.ok("remote", "add", "origin", tmp.resolve("remote").toString());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private String hashOf(CliProject p, String rel) {
    String pointer = p.read(rel + ".mlctl");
    int at = pointer.indexOf("sha256: ");
    return pointer.substring(at + 8, at + 8 + 64);
  }

  @Test
  void push_thenPullInAClone_restoresTheData() {
    JsonNode pushed = a.json("push");
    assertEquals("origin", pushed.get("remote").asText());
    assertEquals(4, pushed.get("transferred").asLong());
    assertEquals(0, pushed.get("skipped").asLong());
    assertEquals(List.of(), strings(pushed.get("missing")));
    assertTrue(pushed.get("requests").asLong() > 0);
    CliProject b = a.cloneTo(tmp.resolve("b"));
    assertFalse(Files.exists(b.path("data/iris.csv")));

    JsonNode pulled = b.json("pull");

    assertEquals(CSV, b.read("data/iris.csv"));
    assertArrayEquals(png, b.bytes("images/a.png"));
    assertEquals("b\n", b.read("images/sub/b.txt"));
    assertEquals(4, pulled.get("transferred").asLong(), pulled.toString());
    assertEquals(0, pulled.get("skipped").asLong(), pulled.toString());
    assertEquals(List.of(), strings(pulled.get("missing")));
    assertEquals(0, b.run("status", "--check").code(), "the clone's work tree matches its pointers");
  }

  /** Every link type: the data arrives verified; under hard- and symlinks the work tree holds no second copy. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"copy", "hardlink", "symlink"})
  void pull_underEachLinkType_restoresTheData_linkingWhereAsked(String type) throws Exception {
    a.ok("push");
    CliProject b = a.cloneTo(tmp.resolve("b-" + type));
    b.ok("config", "set", "cache.type", type);

    b.ok("pull");

    assertEquals(CSV, b.read("data/iris.csv"));
    assertArrayEquals(png, b.bytes("images/a.png"));
    assertEquals("b\n", b.read("images/sub/b.txt"));
    Path object = b.object(hashOf(a, "data/iris.csv"));
    Path file = b.path("data/iris.csv");
    switch (type) {
      case "hardlink" -> assertTrue(Files.isSameFile(file, object) && !Files.isSymbolicLink(file), "a hard link to the object");
      case "symlink" -> assertEquals(object.toAbsolutePath(), Files.readSymbolicLink(file).toAbsolutePath());
      default -> assertFalse(Files.isSameFile(file, object), "a copy of its own");
    }
    assertEquals(0, b.run("status", "--check").code(), "the clone's work tree matches its pointers");
    assertEquals(0, b.run("fsck").code());
  }

  /** Under hardlink a damaged object on the remote is still refused: linking skips no check on arrival. */
  @Test
  void pull_underHardlinks_ofADamagedObject_failsAndLinksNothing() {
    a.ok("push");
    String h = hashOf(a, "data/iris.csv");
    Path onRemote = tmp.resolve("remote/sha256/" + h.substring(0, 2) + "/" + h.substring(2));
    CliProject.overwrite(onRemote, "sepal,petal\n6.1,1.4\n4.9,1.4\n".getBytes(StandardCharsets.UTF_8));
    CliProject b = a.cloneTo(tmp.resolve("b"));
    b.ok("config", "set", "cache.type", "hardlink");

    CliProject.Run r = b.run("pull", "data/iris.csv");

    assertEquals(5, r.code(), r.toString());
    assertFalse(Files.exists(b.path("data/iris.csv")));
    assertFalse(Files.exists(b.object(h)));
  }

  @Test
  void push_second_transfersNothing() {
    a.ok("push");

    JsonNode again = a.json("push", "-j", "2");

    assertEquals(0, again.get("transferred").asLong());
    assertEquals(4, again.get("skipped").asLong());
    assertEquals(0, again.get("bytes").asLong());
  }

  @Test
  void push_withoutJson_saysWhatMoved() {
    CliProject.Run r = a.ok("push");

    assertTrue(r.out().startsWith("Pushed 4 objects"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void pull_ofOneTarget_restoresOnlyIt() {
    a.ok("push");
    CliProject b = a.cloneTo(tmp.resolve("b"));

    b.ok("pull", "data/iris.csv");

    assertEquals(CSV, b.read("data/iris.csv"));
    assertFalse(Files.exists(b.path("images/a.png")));
  }

  @Test
  void fetch_fillsTheCacheOnly_andCheckoutThenRestores() {
    a.ok("push");
    CliProject b = a.cloneTo(tmp.resolve("b"));

    b.json("fetch", "-r", "origin", "-j", "3");

    assertFalse(Files.exists(b.path("data/iris.csv")), "fetch leaves the work tree alone");
    assertTrue(Files.exists(b.object(hashOf(a, "data/iris.csv"))));
    b.ok("checkout");
    assertEquals(CSV, b.read("data/iris.csv"));
  }

  @Test
  void pull_whenRemoteLacksAFile_restoresTheRest_andFailsNamingIt() {
    a.ok("push", "images");
    CliProject b = a.cloneTo(tmp.resolve("b"));

    CliProject.Run r = b.run("pull");

    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("'data/iris.csv'"), r.err());
    assertArrayEquals(png, b.bytes("images/a.png"));
  }

  @Test
  void pull_whenRemoteLacksADirectory_restoresTheRest_andFailsNamingIt() {
    a.ok("push", "data/iris.csv");
    CliProject b = a.cloneTo(tmp.resolve("b"));

    CliProject.Run r = b.run("pull");

    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("'images'"), r.err());
    assertEquals(CSV, b.read("data/iris.csv"));
  }

  @Test
  void pull_whenRemoteObjectIsDamaged_failsNamingIt_andWritesNothing() {
    a.ok("push");
    String h = hashOf(a, "data/iris.csv");
    Path onRemote = tmp.resolve("remote/sha256/" + h.substring(0, 2) + "/" + h.substring(2));
    CliProject.overwrite(onRemote, "sepal,petal\n6.1,1.4\n4.9,1.4\n".getBytes(StandardCharsets.UTF_8));
    CliProject b = a.cloneTo(tmp.resolve("b"));

    CliProject.Run r = b.run("pull", "data/iris.csv");

    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains(h), r.err());
    assertTrue(r.err().startsWith("mlctl: error: "), r.err());
    assertFalse(Files.exists(b.path("data/iris.csv")));
    assertFalse(Files.exists(b.object(h)));
  }

  @Test
  void status_remote_listsWhatTheRemoteLacks_untilPushed() {
    JsonNode before = a.json("status", "-r", "origin");
    assertEquals("origin", before.get("remote").asText());
    assertEquals(List.of("data/iris.csv", "images", "images/a.png", "images/sub/b.txt"),
        strings(before.get("not_in_remote")));
    assertEquals(List.of(), strings(before.get("not_in_cache")));
    assertEquals(1, a.run("status", "-r", "origin", "--check").code());

    a.ok("push");

    JsonNode after = a.json("status", "-r", "origin");
    assertEquals(List.of(), strings(after.get("not_in_remote")));
    assertEquals(List.of(), strings(after.get("not_in_cache")));
    assertEquals(0, a.run("status", "-r", "origin", "--check").code());
  }

  @Test
  void status_remote_inAClone_listsWhatTheCacheLacks() {
    a.ok("push");
    CliProject b = a.cloneTo(tmp.resolve("b"));
    b.ok("fetch", "data/iris.csv");

    JsonNode s = b.json("status", "-r", "origin");

    assertEquals(List.of(), strings(s.get("not_in_remote")));
    // the manifest is all it knows of images until it has it
    assertEquals(List.of("images"), strings(s.get("not_in_cache")));
  }

  @Test
  void fsckRepair_restoresADamagedCacheObjectFromTheRemote() {
    a.ok("push");
    String h = hashOf(a, "data/iris.csv");
    CliProject.overwrite(a.object(h), "broken".getBytes(StandardCharsets.UTF_8));
    CliProject.Run found = a.run("fsck");
    assertEquals(1, found.code(), found.toString());
    assertTrue(found.err().contains(h), found.err());

    CliProject.Run repaired = a.run("fsck", "--repair");

    assertEquals(0, repaired.code(), repaired.toString());
    assertTrue(repaired.out().contains("Repaired " + h), repaired.out());
    assertEquals(0, a.run("fsck").code());
    assertEquals(CSV, a.read(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));
  }

  @Test
  void fsckRepair_whenTheRemoteLacksTheObject_stillReportsDamage() {
    String h = hashOf(a, "data/iris.csv");
    CliProject.overwrite(a.object(h), "broken".getBytes(StandardCharsets.UTF_8));

    CliProject.Run r = a.run("fsck", "--repair");

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains(h), r.err());
  }

  @Test
  void fsckRepair_withoutARemote_isBadInput() {
    CliProject c = CliProject.init(tmp.resolve("c"));

    assertEquals(3, c.run("fsck", "--repair").code());
  }

  @Test
  void jobs_belowOne_isAUsageError() {
    CliProject.Run r = a.run("push", "-j", "0");

    assertEquals(2, r.code(), r.toString());
  }

  @Test
  void push_withNothingTracked_isBadInput() {
    CliProject c = CliProject.init(tmp.resolve("c"));
    c.ok("remote", "add", "origin", tmp.resolve("remote-c").toString());

    assertEquals(3, c.run("push").code());
  }

  @Test
  void push_toAFolderThatCannotBeCreated_isAnIoFailure() throws Exception {
    Path blocker = tmp.resolve("blocker");
    Files.writeString(blocker, "a file where the remote's folder should be");
    a.ok("remote", "add", "blocked", blocker.resolve("store").toString());

    CliProject.Run r = a.run("push", "-r", "blocked");

    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: "), r.err());
  }
}
