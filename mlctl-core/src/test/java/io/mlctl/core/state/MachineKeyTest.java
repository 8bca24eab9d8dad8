package io.mlctl.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine's key seals state files so that only this user's own writes are trusted. */
class MachineKeyTest {
  @TempDir
  Path tmp;

  private MachineKey at(Path home) {
    return MachineKey.of(Map.of(), home.toString());
  }

  @Test
  void noKeyYet_sealsNothingUntilAskedToMakeOne_thenKeepsItPrivate() throws Exception {
    MachineKey k = at(tmp);
    assertNull(k.seal("text", false));
    assertFalse(k.verifies("text", "00"));
    String seal = k.seal("text", true);
    assertEquals(64, seal.length());
    Path file = tmp.resolve(".cache/mlctl/state-key");
    assertEquals(32, Files.size(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(k.verifies("text", seal));
    assertTrue(at(tmp).verifies("text", seal), "a later process reads the same key");
    assertEquals(seal, at(tmp).seal("text", false));
  }

  @Test
  void aSeal_bindsTheTextAndTheKey() {
    MachineKey mine = at(tmp.resolve("a"));
    MachineKey theirs = at(tmp.resolve("b"));
    String seal = mine.seal("cmd: echo hi", true);
    assertFalse(mine.verifies("cmd: rm -rf ~", seal));
    assertNotEquals(seal, theirs.seal("cmd: echo hi", true));
    assertFalse(theirs.verifies("cmd: echo hi", seal));
  }

  @Test
  void xdgCacheHome_isWhereTheKeyLives_whenSet() throws Exception {
    Path xdg = tmp.resolve("xdg");
    MachineKey.of(Map.of("XDG_CACHE_HOME", xdg.toString()), tmp.resolve("home").toString()).seal("x", true);
    assertTrue(Files.exists(xdg.resolve("mlctl/state-key")));
    assertFalse(Files.exists(tmp.resolve("home/.cache")));
  }

  @Test
  void aKeyOfTheWrongLength_isNoKey_andIsNotReplaced() throws Exception {
    Path file = Files.createDirectories(tmp.resolve(".cache/mlctl")).resolve("state-key");
    Files.write(file, new byte[5]);
    assertNull(at(tmp).seal("x", true));
    assertEquals(5, Files.size(file));
  }

  @Test
  void anUnwritableHome_meansNoSeal_notAnError() throws Exception {
    Path blocker = Files.writeString(tmp.resolve("file"), "not a folder");
    assertNull(at(blocker).seal("x", true));
  }
}
