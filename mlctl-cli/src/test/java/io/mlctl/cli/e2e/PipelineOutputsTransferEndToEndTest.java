package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage outputs recorded only in {@code mlctl.lock} travel like tracked data: a plain
 * {@code push} sends them, and {@code pull} in a clone (which has the lock from Git) brings them
 * back into the work tree without running anything. Outputs with {@code cache: false} stay with
 * Git and are neither sent nor missed.
 */
final class PipelineOutputsTransferEndToEndTest {
  static final String PIPELINE = """
      stages:
        prep:
          cmd:
            - mkdir -p feats
            - tr a-z A-Z < in.txt > out.txt
            - cp in.txt feats/a.txt
            - echo 1 > feats/b.txt
            - echo '{"n":1}' > m.json
          deps: [in.txt]
          outs: [out.txt, feats]
          metrics: [{m.json: {cache: false}}]
      """;

  @TempDir
  Path tmp;

  CliProject a;

  @BeforeEach
  void project() {
    a = CliProject.init(tmp.resolve("a"));
    a.write("in.txt", "hello\n");
    a.write("mlctl.yaml", PIPELINE);
    a.ok("repro");
    a.ok("remote", "add", "origin", tmp.resolve("remote").toString());
  }

  /** A second machine with what Git would give it: the pipeline, its lock and the config. */
  private CliProject secondMachine() throws IOException {
    CliProject b = a.cloneTo(tmp.resolve("b"));
    b.write("in.txt", "hello\n");
    b.write("mlctl.yaml", PIPELINE);
    b.write("mlctl.lock", a.read("mlctl.lock"));
    b.write("m.json", a.read("m.json"));
    return b;
  }

  @Test
  void push_sendsTheLockedOutputs_andPullBringsThemBack() throws IOException {
    JsonNode pushed = a.json("push");
    // out.txt, the feats manifest and its two files; m.json is not cached and not sent.
    assertEquals(4, pushed.get("transferred").asLong(), pushed.toString());
    CliProject b = secondMachine();

    JsonNode pulled = b.json("pull");

    assertEquals(4, pulled.get("transferred").asLong(), pulled.toString());
    assertEquals("HELLO\n", b.read("out.txt"));
    assertEquals("hello\n", b.read("feats/a.txt"));
    assertEquals("1\n", b.read("feats/b.txt"));
    assertFalse(Files.exists(b.path("ran.log")));
    CliProject.Run status = b.ok("status");
    assertTrue(status.out().contains("up to date"), status.toString());
  }

  @Test
  void checkout_restoresALockedOutputFromTheCache() throws IOException {
    Files.delete(a.path("out.txt"));
    Files.delete(a.path("feats/b.txt"));

    a.ok("checkout");

    assertEquals("HELLO\n", a.read("out.txt"));
    assertEquals("1\n", a.read("feats/b.txt"));
  }

  @Test
  void checkout_refusesToOverwriteAnEditedOutput_withoutForce() throws IOException {
    a.write("out.txt", "edited by hand\n");

    CliProject.Run r = a.run("checkout");

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("out.txt"), r.toString());
    assertEquals("edited by hand\n", a.read("out.txt"));
  }
}
