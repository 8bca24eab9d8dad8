package io.mlctl.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadArgumentException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every comparison a gate accepts, at its bound, just above and just below. */
class RequirementTest {
  private static final double BOUND = 0.1;
  private static final double EPS = 1e-9;

  @ParameterizedTest(name = "{0}: below {1}, at {2}, above {3}")
  @CsvSource({
      ">=, false, true, true",
      "<=, true, true, false",
      ">, false, false, true",
      "<, true, false, false",
      "==, false, true, false",
  })
  void operator_atJustAboveAndJustBelowTheBound(String op, boolean below, boolean at, boolean above) {
    Requirement r = Requirement.parse("fairness.demographic_parity_difference" + op + BOUND);
    assertEquals("fairness.demographic_parity_difference", r.metric());
    assertEquals(op, r.op());
    assertEquals(below, passes(r, BOUND - EPS), "below");
    assertEquals(at, passes(r, BOUND), "at");
    assertEquals(above, passes(r, BOUND + EPS), "above");
  }

  private static boolean passes(Requirement r, double value) {
    return r.failure(Map.of(r.metric(), value)).isEmpty();
  }

  @Test
  void keys_mayBeDottedAndEndInAGroupValue_withSpacesAroundTheOperator() {
    Requirement r = Requirement.parse(" fairness.selection_rate.New York  >= 0.25 ");
    assertEquals("fairness.selection_rate.New York", r.metric());
    assertEquals(">=", r.op());
    assertEquals(0.25, r.bound());
    Requirement s = Requirement.parse("slice.min.accuracy>=8.5e-1");
    assertEquals("slice.min.accuracy", s.metric());
    assertEquals(0.85, s.bound());
  }

  @Test
  void failure_namesTheValueAndTheBound_orThatTheMetricIsMissing() {
    Requirement r = Requirement.parse("fairness.demographic_parity_difference<=0.1");
    assertEquals("fairness.demographic_parity_difference is 0.25 (needs <= 0.1)",
        r.failure(Map.of("fairness.demographic_parity_difference", 0.25)).orElseThrow());
    assertEquals("the metric 'fairness.demographic_parity_difference' is not recorded (needs <= 0.1)", r.failure(Map.of()).orElseThrow());
  }

  @Test
  void malformed_isAUsageError() {
    for (String bad : new String[] {"accuracy", "accuracy>=", ">=0.9", "accuracy=>0.9", "accuracy>=high", "accuracy!=0.9"}) {
      assertThrows(BadArgumentException.class, () -> Requirement.parse(bad), bad);
    }
  }
}
