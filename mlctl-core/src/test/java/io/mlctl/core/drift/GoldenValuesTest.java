package io.mlctl.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every statistic against the values scipy computed for the same samples
 * ({@code src/test/resources/drift/make_golden.py}, which says how to run it).
 */
class GoldenValuesTest {
  private static final double STAT_ABS = 1e-9;
  private static final double P_REL = 1e-3;
  private static final double DIST_REL = 1e-9;

  static JsonNode golden() throws IOException {
    try (InputStream in = GoldenValuesTest.class.getResourceAsStream("/drift/golden.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @TestFactory
  Stream<DynamicTest> statistics_matchScipy() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : golden().path("cases")) {
      tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> check(c)));
    }
    return tests.stream();
  }

  static ColumnSample sample(String name, JsonNode spec, boolean numeric) {
    ColumnBuilder b = new ColumnBuilder(name, !numeric);
    if (spec.isArray()) {
      for (JsonNode v : spec) {
        b.add(v.isNull() ? null : v.isNumber() ? Double.toString(v.asDouble()) : v.asText(), null);
      }
    } else {
      long a = spec.path("a").asLong();
      long m = spec.path("m").asLong();
      double scale = spec.path("scale").asDouble();
      double shift = spec.path("shift").asDouble();
      for (long i = 0; i < spec.path("n").asLong(); i++) {
        b.add(Double.toString((i * a) % m / (double) m * scale + shift), null);
      }
    }
    return b.build();
  }

  private static void check(JsonNode c) {
    boolean numeric = c.path("numeric").asBoolean();
    ColumnSample r = sample("x", c.path("reference"), numeric);
    ColumnSample k = sample("x", c.path("current"), numeric);
    assertEquals(c.path("missing_reference").asDouble(), r.missingShare(), 1e-12, "missing share, reference");
    assertEquals(c.path("missing_current").asDouble(), k.missingShare(), 1e-12, "missing share, current");
    if (c.path("auto").isNull()) {
      ColumnDrift d = ColumnComparison.compare(r, k, Method.AUTO, null);
      assertEquals(Method.MISSING, d.method());
      assertNull(d.statistic());
      assertEquals(r.present() != k.present(), d.drifted(), "a column that lost its values drifted");
      return;
    }
    ColumnDrift auto = ColumnComparison.compare(r, k, Method.AUTO, null);
    assertEquals(c.path("auto").asText(), auto.method().id(), "auto's choice");
    if (numeric) {
      ColumnDrift ks = ColumnComparison.compare(r, k, Method.KS, null);
      assertEquals(c.path("ks").path("statistic").asDouble(), ks.statistic(), STAT_ABS, "KS statistic");
      assertRel(c.path("ks").path("p_value").asDouble(), ks.pValue(), P_REL, "KS p-value");
      assertEquals(c.path("wasserstein").path("distance").asDouble(), TwoSampleTests.wasserstein(r.values(), k.values()),
          DIST_REL * Math.max(1, c.path("wasserstein").path("distance").asDouble()), "Wasserstein distance");
      ColumnDrift w = ColumnComparison.compare(r, k, Method.WASSERSTEIN, null);
      assertRel(c.path("wasserstein").path("statistic").asDouble(), w.statistic(), DIST_REL, "normed Wasserstein");
    }
    ColumnDrift chi = ColumnComparison.compare(r, k, Method.CHISQUARE, null);
    assertRel(c.path("chisquare").path("statistic").asDouble(), chi.statistic(), DIST_REL, "chi-square statistic");
    assertRel(c.path("chisquare").path("p_value").asDouble(), chi.pValue(), P_REL, "chi-square p-value");
    if (c.has("ztest")) {
      ColumnDrift z = ColumnComparison.compare(r, k, Method.ZTEST, null);
      assertRel(c.path("ztest").path("statistic").asDouble(), z.statistic(), DIST_REL, "z statistic");
      assertRel(c.path("ztest").path("p_value").asDouble(), z.pValue(), P_REL, "z-test p-value");
    }
    ColumnDrift js = ColumnComparison.compare(r, k, Method.JENSENSHANNON, null);
    assertRel(c.path("jensenshannon").path("statistic").asDouble(), js.statistic(), DIST_REL, "Jensen-Shannon");
    ColumnDrift psi = ColumnComparison.compare(r, k, Method.PSI, null);
    assertRel(c.path("psi").path("statistic").asDouble(), psi.statistic(), DIST_REL, "PSI");
    assertEquals(psi.statistic(), auto.psi(), 0, "PSI is reported whatever the method");
    assertNotNull(auto.histogram());
  }

  static void assertRel(double expected, double actual, double rel, String what) {
    double tol = Math.max(Math.abs(expected) * rel, 1e-300);
    assertTrue(Math.abs(expected - actual) <= tol || expected == actual,
        what + ": expected " + expected + " but was " + actual + " (relative error " + Math.abs(expected - actual) / Math.abs(expected) + ")");
  }
}
