package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl remote add|list|remove|default|modify}, and how remotes are refused. */
final class RemoteCommandEndToEndTest {
  @TempDir
  Path tmp;

  CliProject p;

  @BeforeEach
  void project() {
    p = CliProject.init(tmp.resolve("p"));
  }

  private List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(r -> out.add(r.get("name").asText() + (r.get("default").asBoolean() ? "*" : "")));
    return out;
  }

  @Test
  void add_firstRemote_becomesTheDefault() {
    String url = tmp.resolve("store").toString();

    JsonNode added = p.json("remote", "add", "origin", url);

    assertEquals("origin", added.get("name").asText());
    assertEquals(url, added.get("url").asText());
    assertTrue(added.get("default").asBoolean());
    assertTrue(p.read(".mlctl/config.yaml").contains(url), "remotes go into the committed config");
  }

  @Test
  void add_list_default_modify_remove_withJson() {
    p.json("remote", "add", "origin", tmp.resolve("a").toString());
    JsonNode backup = p.json("remote", "add", "backup", tmp.resolve("b").toUri().toString());
    assertFalse(backup.get("default").asBoolean());
    // listed by name
    assertEquals(List.of("backup", "origin*"), names(p.json("remote", "list")));

    assertEquals("backup", p.json("remote", "default", "backup").get("default").asText());
    assertEquals(List.of("backup*", "origin"), names(p.json("remote", "list")));

    JsonNode modified = p.json("remote", "modify", "origin", "jobs", "3");
    assertEquals(3, modified.get("jobs").asInt());
    p.json("remote", "modify", "origin", "region", "eu-west-1");
    JsonNode origin = p.json("remote", "list").get(1);
    assertEquals("eu-west-1", origin.get("region").asText());
    assertEquals(3, origin.get("jobs").asInt());

    assertEquals("backup", p.json("remote", "remove", "backup").get("removed").asText());
    JsonNode left = p.json("remote", "list");
    assertEquals(List.of("origin"), names(left), "removing the default leaves no default");
    assertFalse(p.read(".mlctl/config.yaml").contains("backup"));
  }

  @Test
  void add_withDefaultFlag_takesOverTheDefault() {
    p.ok("remote", "add", "origin", tmp.resolve("a").toString());
    p.ok("remote", "add", "-d", "backup", tmp.resolve("b").toString());

    assertEquals(List.of("backup*", "origin"), names(p.json("remote", "list")));
  }

  @Test
  void list_withoutJson_printsNameUrlAndDefault() {
    String url = tmp.resolve("a").toString();
    p.ok("remote", "add", "origin", url);

    assertEquals("origin\t" + url + "\t(default)\n", p.ok("remote", "list").out());
  }

  @Test
  void add_whenNameTaken_isBadInput() {
    p.ok("remote", "add", "origin", tmp.resolve("a").toString());

    CliProject.Run r = p.run("remote", "add", "origin", tmp.resolve("b").toString());

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("origin"), r.err());
  }

  @Test
  void remoteName_withADot_isRefusedAsAnInvalidName() {
    // A dot would split the name across config keys (remote.NAME.url).
    CliProject.Run r = p.run("remote", "add", "my.backup", tmp.resolve("a").toString());

    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("'my.backup' is not a valid remote name"), r.err());
    assertEquals(List.of(), names(p.json("remote", "list")));
  }

  @Test
  void remoteName_withDashAndUnderscore_works() {
    p.ok("remote", "add", "my-backup_2", tmp.resolve("a").toString());

    assertEquals(List.of("my-backup_2*"), names(p.json("remote", "list")));
  }

  @Test
  void remoteName_withASpace_isAUsageError() {
    CliProject.Run r = p.run("remote", "add", "my backup", tmp.resolve("a").toString());

    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("'my backup'"), r.err());
  }

  @Test
  void unknownRemote_isBadInputNamingIt() {
    p.ok("remote", "add", "origin", tmp.resolve("a").toString());
    p.write("data.csv", "a\n");
    p.ok("add", "data.csv");

    for (String[] cmd : List.of(
        new String[] {"push", "-r", "nope"},
        new String[] {"pull", "-r", "nope"},
        new String[] {"fetch", "-r", "nope"},
        new String[] {"status", "-r", "nope"},
        new String[] {"remote", "remove", "nope"},
        new String[] {"remote", "default", "nope"},
        new String[] {"remote", "modify", "nope", "jobs", "2"})) {
      CliProject.Run r = p.run(cmd);
      assertEquals(3, r.code(), String.join(" ", cmd) + "\n" + r);
      assertTrue(r.err().contains("unknown remote 'nope'"), String.join(" ", cmd) + "\n" + r);
      assertTrue(r.err().contains("origin"), "the hint lists the remotes that exist\n" + r);
    }
  }

  @Test
  void push_withNoRemoteConfigured_isBadInput() {
    p.write("data.csv", "a\n");
    p.ok("add", "data.csv");

    CliProject.Run r = p.run("push");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("no remote is configured"), r.err());
  }

  @Test
  void push_afterTheDefaultWasRemoved_isBadInput() {
    p.ok("remote", "add", "origin", tmp.resolve("a").toString());
    p.ok("remote", "add", "backup", tmp.resolve("b").toString());
    p.ok("remote", "remove", "origin");
    p.write("data.csv", "a\n");
    p.ok("add", "data.csv");

    CliProject.Run r = p.run("push");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("no default remote"), r.err());
  }

  @Test
  void malformedUrls_areBadInputNamingThem_andAddNothing() {
    for (String url : List.of("ftp://x", "s3://Bad_Bucket", "s3://ab", "s3://bucket/../up", "file://host/path",
        "http://example.com/store")) {
      CliProject.Run r = p.run("remote", "add", "x", url);
      assertEquals(3, r.code(), url + "\n" + r);
      assertTrue(r.err().contains(url), url + "\n" + r);
    }
    assertEquals(List.of(), names(p.json("remote", "list")));
  }

  @Test
  void modify_url_isCheckedLikeAdd() {
    String url = tmp.resolve("a").toString();
    p.ok("remote", "add", "origin", url);

    CliProject.Run r = p.run("remote", "modify", "origin", "url", "ftp://x");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("ftp://x"), r.err());
    assertEquals(url, p.json("remote", "list").get(0).get("url").asText());
  }

  @Test
  void modify_unknownOption_isAUsageError() {
    p.ok("remote", "add", "origin", tmp.resolve("a").toString());

    CliProject.Run r = p.run("remote", "modify", "origin", "colour", "blue");

    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("colour"), r.err());
  }

  @Test
  void modify_badValue_isAUsageError() {
    p.ok("remote", "add", "origin", tmp.resolve("a").toString());

    assertEquals(2, p.run("remote", "modify", "origin", "path_style", "maybe").code());
    assertEquals(2, p.run("remote", "modify", "origin", "jobs", "many").code());
  }

  @Test
  void credentials_areRefusedInTheSharedConfig() {
    p.ok("remote", "add", "origin", "s3://bucket/prefix");

    CliProject.Run r = p.run("config", "set", "remote.origin.access_key_id", "AKIASHARED");

    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--local"), r.err());
    assertFalse(p.read(".mlctl/config.yaml").contains("AKIASHARED"));
  }

  @Test
  void credentials_goToTheLocalConfig_andAreNeverListed() {
    p.ok("remote", "add", "origin", "s3://bucket/prefix");

    p.ok("config", "set", "--local", "remote.origin.access_key_id", "AKIALOCAL");
    p.ok("remote", "modify", "origin", "secret_access_key", "s3cr3t");

    assertFalse(p.read(".mlctl/config.yaml").contains("AKIALOCAL"));
    assertFalse(p.read(".mlctl/config.yaml").contains("s3cr3t"));
    assertTrue(p.read(".mlctl/config.local.yaml").contains("AKIALOCAL"));
    assertTrue(p.read(".mlctl/config.local.yaml").contains("s3cr3t"));
    String listed = p.ok("--json", "remote", "list").out();
    assertFalse(listed.contains("s3cr3t"), listed);
    assertFalse(listed.contains("AKIALOCAL"), listed);
  }

  @Test
  void remove_ofADefaultSetInTheLocalConfig_keepsTheSharedDefault() {
    p.ok("remote", "add", "origin", tmp.resolve("a").toString());
    p.ok("remote", "add", "backup", tmp.resolve("b").toString());
    // this machine prefers backup; the project's default stays origin
    p.ok("config", "set", "--local", "core.remote", "backup");

    CliProject.Run r = p.run("remote", "remove", "backup");

    assertEquals(0, r.code(), r.toString());
    assertFalse(p.read(".mlctl/config.local.yaml").contains("backup"), "no default naming a removed remote");
    assertEquals(List.of("origin*"), names(p.json("remote", "list")));
  }

  @Test
  void remove_alsoRemovesTheRemotesLocalCredentials() {
    p.ok("remote", "add", "origin", "s3://bucket/prefix");
    p.ok("remote", "modify", "origin", "secret_access_key", "s3cr3t");

    p.ok("remote", "remove", "origin");

    assertFalse(p.read(".mlctl/config.local.yaml").contains("s3cr3t"));
  }
}
