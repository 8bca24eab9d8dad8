package io.mlctl.core.drift;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: self-contained, and everything from the data escaped. */
class DriftPageTest {
  @TempDir
  Path tmp;

  @Test
  void page_escapesColumnNamesAndCategories_andFetchesNothing() throws IOException {
    Path ref = tmp.resolve("r.csv");
    Path cur = tmp.resolve("c.csv");
    Files.writeString(ref, "\"<script>alert(1)</script>\",n\n\"<img src=x onerror=alert(2)>\",1\nb&c,2\nb&c,3\n");
    Files.writeString(cur, "\"<script>alert(1)</script>\",n\n\"<img src=x onerror=alert(2)>\",7\n\"<img src=x onerror=alert(2)>\",8\n\"q\"\"t\",9\n");
    DriftReport r = new Drift().call(new Drift.Source(ref, "r.csv", null), new Drift.Source(cur, "<c>.csv", null), Drift.Options.defaults());
    String html = DriftPage.html(r);
    assertFalse(html.contains("<script"), "no script element at all");
    assertFalse(html.contains("<img"), html);
    assertFalse(html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("http"), "nothing is fetched");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"), html);
    assertTrue(html.contains("b&amp;c"));
    assertTrue(html.contains("q&quot;t"));
    assertTrue(html.contains("&lt;c&gt;.csv"));
    assertTrue(r.summary().startsWith("Drift detected in ") && r.summary().contains(" of 2 columns"));
    assertTrue(html.contains(r.summary()), html);
    assertTrue(html.contains("<svg"));
    assertTrue(html.contains("<rect"));
  }
}
