package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.pointer.Output;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How strictly a run-cache entry is read: an entry fetched from a remote is trusted only after
 * this parse, since its name says nothing about its bytes.
 */
class RunCacheEntryParseTest {
  private static final String H = "ab" + "c".repeat(62);

  private static List<Output> parse(String json) {
    return RunCache.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String rejected(String json) {
    return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
  }

  @Test
  void parse_ofWhatSaveWrites_givesTheOutputsBack() {
    List<Output> outs = parse("[{\"path\":\"models/m.bin\",\"sha256\":\"" + H + "\",\"size\":5,\"dir\":false,\"nfiles\":0},"
        + "{\"path\":\"out\",\"sha256\":\"" + H + "\",\"size\":9,\"dir\":true,\"nfiles\":2}]");

    assertEquals(List.of(Output.file("models/m.bin", H, 5), Output.directory("out", H, 9, 2)), outs);
  }

  @Test
  void parse_rejectsPathsThatLeaveTheWorkTree() {
    for (String p : List.of("../x", "/etc/passwd", "a/../../x", "a//b", "./a", "a\\\\b", "")) {
      String msg = rejected("[{\"path\":\"" + p + "\",\"sha256\":\"" + H + "\",\"size\":1}]");
      assertEquals("an output has no valid relative 'path'", msg, p);
    }
  }

  @Test
  void parse_rejectsBadHashesSizesAndShapes() {
    assertEquals("output 'a' has no valid 'sha256'", rejected("[{\"path\":\"a\",\"sha256\":\"" + H.toUpperCase() + "\",\"size\":1}]"));
    assertEquals("output 'a' has no valid 'sha256'", rejected("[{\"path\":\"a\",\"sha256\":\"../../x\",\"size\":1}]"));
    assertEquals("output 'a' has no valid 'size'", rejected("[{\"path\":\"a\",\"sha256\":\"" + H + "\",\"size\":-1}]"));
    assertEquals("output 'a' has no valid 'size'", rejected("[{\"path\":\"a\",\"sha256\":\"" + H + "\"}]"));
    assertEquals("directory 'a' has no valid 'nfiles'", rejected("[{\"path\":\"a\",\"sha256\":\"" + H + "\",\"size\":1,\"dir\":true}]"));
    assertEquals("not a non-empty JSON array of outputs", rejected("[]"));
    assertEquals("not a non-empty JSON array of outputs", rejected("{\"path\":\"a\"}"));
    assertTrue(rejected("[{\"path\":\"a\",").startsWith("not JSON: "));
    assertEquals("not a non-empty JSON array of outputs", rejected(""));
  }
}
