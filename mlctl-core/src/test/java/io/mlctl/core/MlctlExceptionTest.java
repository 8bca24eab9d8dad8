package io.mlctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class MlctlExceptionTest {
  @Test
  void message_whenTheInputHoldsControlCharacters_escapesThemOnOneLine() {
    BadInputException e = new BadInputException("mlctl.yaml:2:3: unknown key 'a\nb\r\u001b[31m'", "no\nbreaks");

    assertEquals("mlctl.yaml:2:3: unknown key 'a\\nb\\r\\u001b[31m'", e.getMessage());
    assertEquals("no\\nbreaks", e.hint().orElseThrow());
  }

  @Test
  void message_withoutControlCharacters_isKeptAsItIs() {
    String m = "params.yaml:1:1: tab\tand \u00e9";

    assertSame(m, new BadInputException(m, null).getMessage());
  }
}
