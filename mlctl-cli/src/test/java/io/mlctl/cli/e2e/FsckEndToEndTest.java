package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.cli.e2e.CliRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsckEndToEndTest {
  @TempDir
  Path dir;

  private CliRepo repo;

  @BeforeEach
  void setUp() {
    repo = CliRepo.init(dir.resolve("repo"));
    repo.write("data/raw.csv", "1,2\n");
    repo.write("images/a.png", "a");
    repo.ok("add", "data/raw.csv", "images");
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static String sha(String text) {
    return io.mlctl.core.store.Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fsck_ofAnIntactCache_exits0() {
    Run r = repo.run("fsck");

    assertEquals(0, r.code(), r.toString());
    assertEquals("Checked 3 objects: all intact.\n", r.out());
  }

  @Test
  void fsck_ofADamagedObject_exits1NamingIt() {
    String h = sha("1,2\n");
    repo.damage(h, "1,3\n".getBytes(StandardCharsets.UTF_8));

    Run r = repo.run("fsck");

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("mlctl: error: object " + h + " is damaged"), r.err());
    assertTrue(!r.err().contains(sha("a")), r.err());
  }

  @Test
  void fsckJson_listsTheDamagedObjects() throws Exception {
    String h = sha("a");
    repo.damage(h, new byte[0]);

    Run r = repo.run("--json", "fsck");

    assertEquals(1, r.code(), r.toString());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(3, doc.get("checked").asLong());
    assertEquals(1, doc.get("damaged").size());
    assertEquals(h, doc.get("damaged").get(0).asText());
  }

  @Test
  void fsckRepair_withoutARemote_exits3() {
    assertEquals(3, repo.run("fsck", "--repair").code());
  }
}
