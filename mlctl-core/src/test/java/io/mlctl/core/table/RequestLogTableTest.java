package io.mlctl.core.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTableTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String request(String role, String... instances) {
    return "{\"id\":\"r\",\"model\":\"churn\",\"role\":\"" + role + "\",\"inputs\":[" + String.join(",", instances) + "],\"outputs\":[]}\n";
  }

  private static List<String> column(TableReader r, String name) {
    List<String> out = new ArrayList<>();
    int c = r.column(name);
    for (String[] row = r.next(); row != null; row = r.next()) {
      out.add(row[c]);
    }
    return out;
  }

  @Test
  void open_folder_readsRotatedFilesFromHighestDownThenTheCurrentOne() throws IOException {
    write("requests.jsonl", request("primary", "{\"x\":5}"));
    write("requests.1.jsonl", request("primary", "{\"x\":4}"));
    write("requests.2.jsonl", request("primary", "{\"x\":3}"));
    write("requests.10.jsonl", request("primary", "{\"x\":1}", "{\"x\":2}"));
    write("other.jsonl", request("primary", "{\"x\":99}"));
    try (TableReader r = TableReader.open(dir, "serve/")) {
      assertEquals(List.of("1", "2", "3", "4", "5"), column(r, "x"));
      assertEquals(5, r.rows());
    }
  }

  @Test
  void read_columnsAreTheUnionOfFeatureNamesInFirstSeenOrder_andAbsentOnesAreMissing() throws IOException {
    write("requests.jsonl", request("primary", "{\"b\":1,\"a\":\"x\"}", "{\"a\":\"y\",\"c\":true}") + request("canary", "{\"d\":null,\"b\":2.5}"));
    try (TableReader r = TableReader.open(dir, "serve")) {
      assertArrayEquals(new String[] {"b", "a", "c", "d"}, r.header());
      assertArrayEquals(new String[] {"1", "x", "", ""}, r.next());
      assertEquals(1, r.line());
      assertArrayEquals(new String[] {"", "y", "true", ""}, r.next());
      assertArrayEquals(new String[] {"2.5", "", "", ""}, r.next());
      assertEquals(2, r.line());
      assertEquals("serve/requests.jsonl", r.shownAs());
      assertNull(r.next());
    }
  }

  @Test
  void read_columnsGivenByTheCaller_comeInThatOrder() throws IOException {
    write("requests.jsonl", request("primary", "{\"b\":1,\"a\":2,\"c\":3}"));
    try (TableReader r = RequestLogTable.open(dir, "serve", new RequestLogTable.Options(List.of("c", "a"), Set.of("primary"), null))) {
      assertArrayEquals(new String[] {"c", "a"}, r.header());
      assertArrayEquals(new String[] {"3", "2"}, r.next());
    }
  }

  @Test
  void read_shadowRequestsAreLeftOutByDefault() throws IOException {
    write("requests.jsonl", request("primary", "{\"x\":1}") + request("shadow", "{\"x\":2,\"only_shadow\":1}") + request("canary", "{\"x\":3}"));
    try (TableReader r = TableReader.open(dir, "serve")) {
      assertArrayEquals(new String[] {"x"}, r.header());
      assertEquals(List.of("1", "3"), column(r, "x"));
    }
  }

  @Test
  void read_modelOption_keepsOnlyThatModelsRequests() throws IOException {
    write("requests.jsonl", request("primary", "{\"x\":1}") + request("primary", "{\"x\":2}").replace("churn", "other"));
    try (TableReader r = RequestLogTable.open(dir, "serve", new RequestLogTable.Options(null, Set.of("primary"), "other"))) {
      assertEquals(List.of("2"), column(r, "x"));
    }
  }

  @Test
  void read_tornLastLine_isSkipped() throws IOException {
    String torn = request("primary", "{\"x\":9}");
    write("requests.1.jsonl", request("primary", "{\"x\":1}") + torn.substring(0, 20));
    write("requests.jsonl", request("primary", "{\"x\":2}") + torn.substring(0, torn.length() - 1));
    try (TableReader r = TableReader.open(dir, "serve")) {
      assertEquals(List.of("1", "2"), column(r, "x"));
    }
  }

  @Test
  void read_singleJsonlFile_isARequestLog() throws IOException {
    Path f = write("day.jsonl", request("primary", "{\"x\":1}"));
    try (TableReader r = TableReader.open(f, "day.jsonl")) {
      assertEquals(List.of("1"), column(r, "x"));
    }
  }

  @Test
  void read_whenALineIsNotJson_namesFileLineAndColumn() throws IOException {
    write("requests.jsonl", request("primary", "{\"x\":1}") + "{\"inputs\": [oops]}\n");
    BadInputException e = assertThrows(BadInputException.class, () -> {
      try (TableReader r = TableReader.open(dir, "serve")) {
        column(r, "x");
      }
    });
    assertTrue(e.getMessage().startsWith("serve/requests.jsonl:2:13: not a JSON object"), e.getMessage());
  }

  @Test
  void read_whenAFeatureHoldsAList_isBadInput() throws IOException {
    write("requests.jsonl", request("primary", "{\"x\":[1,2]}"));
    try (TableReader r = TableReader.open(dir, "serve")) {
      BadInputException e = assertThrows(BadInputException.class, r::next);
      assertEquals("serve/requests.jsonl:1: the feature 'x' holds a list", e.getMessage());
    }
  }

  @Test
  void open_folderWithoutALog_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> TableReader.open(dir, "serve"));
    assertEquals("serve: no request log (requests.jsonl) in this folder", e.getMessage());
  }
}
