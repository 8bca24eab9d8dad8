package io.mlctl.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadArgumentException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every comparison a promotion gate accepts, with the metric on its bound, one ulp above it and
 * one ulp below it: a gate that lets a model through one step too early (or holds it back one
 * step too long) fails here, whichever operator it is.
 */
class RequirementOperatorsTest {
  private static final double BOUND = 0.9;

  @ParameterizedTest(name = "{0}: below {1}, on {2}, above {3}")
  @CsvSource({
      // op, passes just below, passes on the bound, passes just above
      ">=, false, true,  true",
      ">,  false, false, true",
      "<=, true,  true,  false",
      "<,  true,  false, false",
      "==, false, true,  false",
  })
  void failure_decidesEachOperatorOnJustBelowAndJustAboveTheBound(String op, boolean below, boolean on, boolean above) {
    Requirement r = Requirement.parse("accuracy" + op + BOUND);
    assertEquals(op, r.op());
    assertEquals(BOUND, r.bound());
    assertPasses(below, r, Math.nextDown(BOUND), op + " just below the bound");
    assertPasses(on, r, BOUND, op + " on the bound");
    assertPasses(above, r, Math.nextUp(BOUND), op + " just above the bound");
  }

  private static void assertPasses(boolean expected, Requirement r, double value, String what) {
    Optional<String> failure = r.failure(Map.of("accuracy", value));
    assertEquals(expected, failure.isEmpty(), what + ": " + failure.orElse("passed"));
    if (!expected) {
      assertEquals("accuracy is " + value + " (needs " + r.op() + " 0.9)", failure.get());
    }
  }

  @ParameterizedTest
  @CsvSource({">=", ">", "<=", "<", "=="})
  void failure_ofAMissingMetric_namesItAndTheGate(String op) {
    Requirement r = Requirement.parse("loss" + op + "2");
    assertEquals(Optional.of("the metric 'loss' is not recorded (needs " + op + " 2)"), r.failure(Map.of("accuracy", 2.0)));
  }

  @Test
  void parse_readsNestedKeysSpacesAndSignedExponents() {
    Requirement r = Requirement.parse("  slice.min.accuracy <= -1.5e-1 ");
    assertEquals("slice.min.accuracy", r.metric());
    assertEquals("<=", r.op());
    assertEquals(-0.15, r.bound());
    assertEquals("slice.min.accuracy <= -1.5e-1", r.text());
    // Whole-number bounds print without a fraction, others as Java prints a double.
    assertEquals(Optional.of("slice.min.accuracy is 0 (needs <= -0.15)"), r.failure(Map.of("slice.min.accuracy", 0.0)));
  }

  @Test
  void parse_refusesAMissingOperatorOrANonNumberBound() {
    BadArgumentException e = assertThrows(BadArgumentException.class, () -> Requirement.parse("accuracy => 0.9"));
    assertEquals("cannot read the requirement 'accuracy => 0.9'", e.getMessage());
    e = assertThrows(BadArgumentException.class, () -> Requirement.parse("accuracy>=1.2.3"));
    assertEquals("the bound of 'accuracy>=1.2.3' is not a number", e.getMessage());
  }
}
