package io.mlctl.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadArgumentException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServeCommandOptionsTest {
  @Test
  void maxBody_readsBytesAndBinaryUnits() {
    assertEquals(8L << 20, ServeCommand.bytes("8MiB"));
    assertEquals(8L << 20, ServeCommand.bytes("8M"));
    assertEquals(512L << 10, ServeCommand.bytes("512K"));
    assertEquals(1L << 30, ServeCommand.bytes("1g"));
    assertEquals(1000, ServeCommand.bytes("1000"));
    assertThrows(BadArgumentException.class, () -> ServeCommand.bytes("0"));
    assertThrows(BadArgumentException.class, () -> ServeCommand.bytes("-5"));
    assertThrows(BadArgumentException.class, () -> ServeCommand.bytes("8T"));
  }

  @Test
  void durations_takeMillisecondsSecondsAndMinutes() {
    assertEquals(Duration.ofMillis(500), ServeCommand.duration("500ms", "--poll"));
    assertEquals(Duration.ofSeconds(2), ServeCommand.duration("2s", "--poll"));
    assertEquals(Duration.ofSeconds(3), ServeCommand.duration("3", "--poll"));
    assertEquals(Duration.ofMinutes(1), ServeCommand.duration("1m", "--poll"));
    assertThrows(BadArgumentException.class, () -> ServeCommand.duration("0s", "--poll"));
  }
}
