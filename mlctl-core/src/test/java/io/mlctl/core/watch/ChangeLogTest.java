package io.mlctl.core.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
  private final ChangeLog log = new ChangeLog(100);

  @Test
  void changedSince_namesThePrefixAnEventLiesIn() {
    long t = log.seq();
    log.changed("data/0001/a.png");

    assertEquals(List.of("data"), log.changedSince(t, List.of("data", "models", "data2")));
  }

  @Test
  void changedSince_beforeTheToken_isNotReported() {
    log.changed("data/a");
    long t = log.seq();
    log.changed("models/m");

    assertEquals(List.of("models"), log.changedSince(t, List.of("data", "models")));
    assertEquals(List.of(), log.changedSince(log.seq(), List.of("data", "models")));
  }

  @Test
  void changedSince_ofAFolderAboveThePrefix_changesIt() {
    long t = log.seq();
    // `mv work work.old` names only the parent in the event.
    log.changed("work");

    assertEquals(List.of("work/data"), log.changedSince(t, List.of("work/data", "other")));
  }

  @Test
  void changedSince_ofTheEmptyPrefix_seesEverything() {
    long t = log.seq();
    log.changed("x");

    assertEquals(List.of(""), log.changedSince(t, List.of("")));
  }

  @Test
  void afterAnOverflow_olderTokensGetNoAnswer() {
    log.changed("data/a");
    long t = log.seq();
    log.forgetAll();

    assertNull(log.changedSince(t, List.of("data")));
    assertEquals(List.of(), log.changedSince(log.seq(), List.of("data")));
  }

  @Test
  void pastItsCapacity_theLogStartsOver() {
    long t = log.seq();
    for (int i = 0; i <= 100; i++) {
      log.changed("data/f" + i);
    }

    assertNull(log.changedSince(t, List.of("models")));
  }

  @Test
  void aTokenFromTheFuture_getsNoAnswer() {
    assertNull(log.changedSince(log.seq() + 5, List.of("data")));
  }

  @Test
  void affects_isByWholePathSegments() {
    assertTrue(ChangeLog.affects("data", "data"));
    assertTrue(ChangeLog.affects("data/x", "data"));
    assertTrue(ChangeLog.affects("a", "a/b"));
    assertFalse(ChangeLog.affects("data2/x", "data"));
    assertFalse(ChangeLog.affects("dat", "data"));
    assertFalse(ChangeLog.affects("a/bc", "a/b"));
  }
}
