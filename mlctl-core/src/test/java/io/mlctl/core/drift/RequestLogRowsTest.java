package io.mlctl.core.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a server's request log as rows. */
class RequestLogRowsTest {
  @TempDir
  Path dir;

  static String line(String role, String model, String inputs) {
    return "{\"request_id\":\"r\",\"time\":\"2026-01-01T00:00:00Z\",\"model\":\"" + model + "\",\"version\":\"v1\",\"role\":\"" + role
        + "\",\"inputs\":" + inputs + ",\"outputs\":[],\"latency_ms\":1.5}\n";
  }

  private static List<String> all(Rows r) {
    List<String> out = new ArrayList<>();
    for (String[] row = r.next(); row != null; row = r.next()) {
      out.add(String.join("|", java.util.Arrays.stream(row).map(String::valueOf).toList()));
    }
    return out;
  }

  @Test
  void folder_readsRotatedFilesOldestFirst_skipsShadowAndATornLastLine() throws IOException {
    Files.writeString(dir.resolve("requests.2.jsonl"), line("primary", "m", "[{\"x\":1,\"c\":\"a\"}]"));
    Files.writeString(dir.resolve("requests.1.jsonl"), line("canary", "m", "[{\"x\":2,\"c\":\"b\"},{\"x\":3}]")
        + line("shadow", "m", "[{\"x\":99,\"c\":\"zz\"}]"));
    Files.writeString(dir.resolve("requests.10.jsonl"), line("primary", "m", "[{\"x\":0,\"c\":null}]"));
    Files.writeString(dir.resolve("requests.jsonl"), line("primary", "m", "[{\"c\":\"d\",\"x\":4,\"extra\":true}]") + "{\"request_id\":\"torn");
    try (RequestLogRows r = RequestLogRows.open(dir, ".mlctl/serve", null)) {
      assertArrayEquals(new String[] {"x", "c", "extra"}, r.header());
      assertEquals(List.of("0|null|null", "1|a|null", "2|b|null", "3|null|null", "4|d|true"), all(r));
    }
  }

  @Test
  void modelFilter_keepsOnlyThatModelsRequests() throws IOException {
    Files.writeString(dir.resolve("requests.jsonl"), line("primary", "iris", "[{\"x\":1}]") + line("primary", "other", "[{\"x\":2}]"));
    try (RequestLogRows r = RequestLogRows.open(dir, "log", "iris")) {
      assertEquals(List.of("1"), all(r));
    }
  }

  @Test
  void aSingleJsonlFile_isALogToo() throws IOException {
    Path f = dir.resolve("traffic.jsonl");
    Files.writeString(f, line("primary", "m", "[{\"x\":1.5}]"));
    assertEquals(true, RequestLogRows.isLog(f));
    try (RequestLogRows r = RequestLogRows.open(f, "traffic.jsonl", null)) {
      assertEquals(List.of("1.5"), all(r));
      assertEquals("traffic.jsonl", r.shownAs());
      assertEquals(1, r.line());
    }
  }

  @Test
  void aBrokenLine_namesFileAndLine() throws IOException {
    Files.writeString(dir.resolve("requests.jsonl"), line("primary", "m", "[{\"x\":1}]") + "{not json}\n");
    BadInputException e = assertThrows(BadInputException.class, () -> RequestLogRows.open(dir, "log/", null));
    assertEquals(true, e.getMessage().startsWith("log/requests.jsonl:2: not a JSON request line"), e.getMessage());
    Files.writeString(dir.resolve("requests.jsonl"), "{\"model\":\"m\"}\n");
    BadInputException noInputs = assertThrows(BadInputException.class, () -> RequestLogRows.open(dir, "log", null));
    assertEquals("log/requests.jsonl:1: the request line has no 'inputs' list", noInputs.getMessage());
  }

  @Test
  void anEmptyFolder_saysThereIsNoLog() {
    BadInputException e = assertThrows(BadInputException.class, () -> RequestLogRows.open(dir, "serve", null));
    assertEquals("serve: no request log here (requests.jsonl)", e.getMessage());
  }

  @Test
  void driftOfLoggedTraffic_comparesTheLoggedFeatures() throws IOException {
    StringBuilder log = new StringBuilder();
    StringBuilder csv = new StringBuilder("x,c,label\n");
    for (int i = 0; i < 40; i++) {
      log.append(line("primary", "m", "[{\"x\":" + (i + 100) + ",\"c\":\"" + (i % 2 == 0 ? "a" : "b") + "\"}]"));
      csv.append(i).append(',').append(i % 2 == 0 ? "a" : "b").append(",yes\n");
    }
    Files.writeString(dir.resolve("requests.jsonl"), log.toString());
    Path ref = dir.resolve("train.csv");
    Files.writeString(ref, csv.toString());
    DriftReport r = new Drift().call(new Drift.Source(ref, "train.csv", null), new Drift.Source(dir, "serve", null), Drift.Options.defaults());
    assertEquals(List.of("x", "c"), r.columns().stream().map(ColumnDrift::name).toList(), "the label is not a logged feature");
    assertEquals(40, r.currentRows());
    assertEquals(true, r.columns().get(0).drifted());
    assertNull(r.columns().get(1).histogram() == null ? "no histogram" : null);
  }
}
