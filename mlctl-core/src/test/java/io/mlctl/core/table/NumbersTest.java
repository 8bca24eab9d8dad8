package io.mlctl.core.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void parse_givesExactlyWhatParseDoubleGives() {
    String[] cases = {"0", "-0", "-0.0", "1", "12.375", "-3.14159", "0.1", "0.30000000000000004", "123456789012345",
        "1234567890123456789", "1e3", "-2.5E-3", "+7", ".5", "5.", "00012.5000", "0.0000000000000000000001", "9007199254740993"};
    for (String c : cases) {
      assertEquals(Double.doubleToRawLongBits(Double.parseDouble(c)), Double.doubleToRawLongBits(Numbers.parse(c)), c);
    }
    Random r = new Random(1);
    for (int i = 0; i < 100_000; i++) {
      String s = String.format(java.util.Locale.ROOT, "%." + r.nextInt(10) + "f", (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(8)));
      assertEquals(Double.parseDouble(s), Numbers.parse(s), s);
    }
  }

  @Test
  void parse_notANumber_isNaN() {
    for (String c : new String[] {"", "-", ".", "abc", "1.2.3", "1,5", " 1"}) {
      assertTrue(Double.isNaN(Numbers.parse(c)) || c.equals(" 1") && Numbers.parse(c) == 1.0, c);
    }
  }
}
