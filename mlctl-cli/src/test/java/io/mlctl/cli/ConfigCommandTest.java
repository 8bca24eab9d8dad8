package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.repo.ProjectLayout;
import io.mlctl.core.repo.RepoLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl config} end to end. */
class ConfigCommandTest {
  @TempDir
  Path tmp;

  private Path repo;

  @BeforeEach
  void makeProject() {
    repo = Cli.project(tmp.resolve("repo"));
  }

  private Cli.Result mlctl(String... args) {
    return Cli.in(repo, args);
  }

  @Test
  void setGetUnset_roundTrip() throws IOException {
    assertEquals("10\n", mlctl("config", "get", "core.lock_wait").out());

    Cli.Result set = mlctl("config", "set", "core.lock_wait", "30");
    assertEquals(0, set.code(), set::toString);
    assertEquals("", set.out());
    assertTrue(Files.readString(repo.resolve(".mlctl/config.yaml")).contains("lock_wait: 30\n"));
    assertEquals("30\n", mlctl("config", "get", "core.lock_wait").out());

    assertEquals(0, mlctl("config", "unset", "core.lock_wait").code());
    Cli.Result get = mlctl("config", "get", "core.lock_wait");
    assertEquals(0, get.code());
    assertEquals("10\n", get.out());
  }

  @Test
  void set_local_overridesSharedAndStaysOutOfSharedFile() throws IOException {
    mlctl("config", "set", "core.remote", "team");
    mlctl("config", "set", "--local", "core.remote", "mine");
    assertEquals("mine\n", mlctl("config", "get", "core.remote").out());
    assertFalse(Files.readString(repo.resolve(".mlctl/config.yaml")).contains("mine"));
    assertTrue(Files.readString(repo.resolve(".mlctl/config.local.yaml")).contains("remote: mine"));
  }

  @Test
  void get_keyWithoutValueOrDefault_exits1PrintingNothing() {
    Cli.Result r = mlctl("config", "get", "core.remote");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("", r.err());
  }

  @Test
  void set_unknownKey_exits2NamingKey() {
    String line = mlctl("config", "set", "core.colour", "true").errorLine(2);
    assertTrue(line.startsWith("mlctl: error: unknown config key 'core.colour' (known keys: "), line);
  }

  @Test
  void get_unknownKey_exits2NamingKey() {
    String line = mlctl("config", "get", "nope").errorLine(2);
    assertTrue(line.startsWith("mlctl: error: unknown config key 'nope' (known keys: core.autostage, core.lock_wait, "), line);
  }

  @Test
  void unset_unknownKey_exits2NamingKey() {
    String line = mlctl("config", "unset", "core.colour").errorLine(2);
    assertTrue(line.startsWith("mlctl: error: unknown config key 'core.colour' (known keys: core.autostage, core.lock_wait, "), line);
  }

  @Test
  void set_unknownKeyOutsideProject_exits2BeforeLookingForProject() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    String line = Cli.in(plain, "config", "set", "core.colour", "1").errorLine(2);
    assertTrue(line.startsWith("mlctl: error: unknown config key 'core.colour' (known keys: core.autostage, "), line);
  }

  @Test
  void set_badBoolean_exits2() {
    String line = mlctl("config", "set", "core.autostage", "maybe").errorLine(2);
    assertEquals("mlctl: error: 'maybe' is not a boolean for core.autostage (use true or false)", line);
  }

  @Test
  void unset_notSet_exits2() {
    String line = mlctl("config", "unset", "core.remote").errorLine(2);
    assertEquals("mlctl: error: config key 'core.remote' is not set in .mlctl/config.yaml", line);
  }

  @Test
  void list_printsKeyEqualsValue() {
    mlctl("config", "set", "cache.type", "hardlink,copy");
    Cli.Result r = mlctl("config", "list");
    assertEquals(0, r.code());
    assertEquals("cache.type=hardlink,copy\ncore.autostage=false\n", r.out());
  }

  @Test
  void list_all_includesDefaults() {
    Cli.Result r = mlctl("config", "list", "--all");
    assertTrue(r.out().contains("core.lock_wait=10\n"), r.out());
  }

  @Test
  void list_json_printsOneDocument() {
    mlctl("config", "set", "core.lock_wait", "7");
    JsonNode doc = mlctl("config", "list", "--json").json();
    assertEquals(7, doc.get("core.lock_wait").asInt());
    assertFalse(doc.get("core.autostage").asBoolean());
    assertEquals(2, doc.size(), doc::toString);
  }

  @Test
  void getAndSet_json_printOneDocument() {
    JsonNode set = mlctl("config", "set", "core.lock_wait", "7", "--json").json();
    assertEquals(7, set.get("value").asInt());
    JsonNode get = mlctl("--json", "config", "get", "core.remote").json();
    assertTrue(get.get("value").isNull());
    assertFalse(get.get("set").asBoolean());
  }

  @Test
  void list_whenConfigMalformed_exits3NamingFileLineAndColumn() throws IOException {
    Files.writeString(repo.resolve(".mlctl/config.yaml"), "core:\n  autostage: true\n lock_wait: 3\n");
    String line = mlctl("config", "list").errorLine(3);
    assertEquals("mlctl: error: .mlctl/config.yaml:3:2: malformed YAML: expected <block end>, but found '<block mapping start>'", line);
  }

  @Test
  void set_whileAnotherWriterHoldsLock_exits4NamingPid() {
    mlctl("config", "set", "core.lock_wait", "0");
    Path lockFile = new ProjectLayout(repo).lockFile();
    try (RepoLock held = RepoLock.acquire(lockFile, Duration.ZERO, Clock.systemUTC(), pid -> { })) {
      Cli.Result r = mlctl("-q", "config", "set", "core.remote", "x");
      String line = r.errorLine(4);
      assertTrue(line.contains("(PID " + ProcessHandle.current().pid() + ")"), line);
    }
  }
}
