package io.mlctl.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint's values are written to {@code .mlctl/state/dirs/}, so the formula is part of
 * the state format: the expected values come from a second implementation of it,
 * {@code mlctl-core/src/test/python/stat_fingerprint.py}, which prints them.
 */
class StatFingerprintTest {
  private static final long FINE = 1_700_000_000_123_456_789L;
  private static final long WHOLE_SECOND = 1_600_000_000_000_000_000L;

  private static StatFingerprint threeEntries() {
    return new StatFingerprint().add("data/raw.csv", 'f', 1234, FINE, 42).add("sub", 'd', 0, WHOLE_SECOND, -7)
        .addUnreadable("gone\u00e9", 'l');
  }

  @Test
  void value_matchesTheIndependentImplementation() {
    assertEquals("74fbc6361a9a7b4e44350719e1564df1", new StatFingerprint().value());
    assertEquals("5c5ab2776de9abc06dbcbf8c49e7ec3a", new StatFingerprint().add("data/raw.csv", 'f', 1234, FINE, 42).value());
    assertEquals("c82bfbc0a6857a7888194ca626a85f93", threeEntries().value());
  }

  @Test
  void value_doesNotDependOnOrder_andPartsMergeToTheWhole() {
    StatFingerprint reversed = new StatFingerprint().addUnreadable("gone\u00e9", 'l').add("sub", 'd', 0, WHOLE_SECOND, -7)
        .add("data/raw.csv", 'f', 1234, FINE, 42);
    StatFingerprint merged = new StatFingerprint().add("data/raw.csv", 'f', 1234, FINE, 42)
        .merge(new StatFingerprint().addUnreadable("gone\u00e9", 'l').add("sub", 'd', 0, WHOLE_SECOND, -7));

    assertEquals(threeEntries().value(), reversed.value());
    assertEquals(threeEntries().value(), merged.value());
    assertEquals(WHOLE_SECOND > FINE ? WHOLE_SECOND : FINE, merged.newestMtimeNanos());
    assertTrue(merged.coarse());
  }

  @Test
  void ofBytesAndOfStat_matchTheIndependentImplementation() {
    assertEquals("a42e3fc1606920907e0fae25d667c5d0", StatFingerprint.ofBytes(new byte[0]));
    assertEquals("5c11bbdd2ae419bb106b3c315b0f1e50", StatFingerprint.ofBytes("hello world!".getBytes(StandardCharsets.US_ASCII)));
    // Exactly one and two 8-byte words: a word, then an empty tail.
    byte[] sixteen = new byte[16];
    for (int i = 0; i < 16; i++) {
      sixteen[i] = (byte) (i + 1);
    }
    assertEquals("28ddcc4b2fd4d86e9d9cd6f7a061456a", StatFingerprint.ofBytes(java.util.Arrays.copyOf(sixteen, 8)));
    assertEquals("2b9ab1ff0447361b7f08819041a5e7f7", StatFingerprint.ofBytes(sixteen));
    assertEquals("c65837ecbee189b961c9d96027041a2b",
        StatFingerprint.of(new FileStat(10, 1_700_000_000_500_000_000L, "(dev=803,ino=1234567)")));
  }

  @Test
  void newestMtime_andCoarse_followTheEntries() {
    StatFingerprint fp = new StatFingerprint().add("a", 'f', 1, FINE, 1).add("b", 'f', 1, FINE - 5, 2);

    assertEquals(FINE, fp.newestMtimeNanos());
    assertFalse(fp.coarse(), "no timestamp is whole seconds");
    assertTrue(fp.merge(new StatFingerprint().add("c", 'f', 1, WHOLE_SECOND, 3)).coarse());
    assertEquals(FINE, fp.newestMtimeNanos(), "an older part leaves the newest time as it was");
    assertEquals(Long.MIN_VALUE, new StatFingerprint().newestMtimeNanos());
    assertFalse(new StatFingerprint().addUnreadable("x", 'l').coarse());
  }

  // Settled: the newest entry was modified at least the racy margin (50 ms, or 2 s for a file
  // system with whole-second timestamps) before the moment asked about, not one nanosecond less.
  @Test
  void settledBefore_holdsFromTheRacyMarginOn() {
    StatFingerprint fine = new StatFingerprint().add("a", 'f', 1, FINE, 1);
    StatFingerprint coarse = new StatFingerprint().add("a", 'f', 1, WHOLE_SECOND, 1);

    assertTrue(fine.settledBefore(FINE + 50_000_000L));
    assertFalse(fine.settledBefore(FINE + 49_999_999L));
    assertTrue(coarse.settledBefore(WHOLE_SECOND + 2_000_000_000L));
    assertFalse(coarse.settledBefore(WHOLE_SECOND + 1_999_999_999L));
    assertTrue(new StatFingerprint().settledBefore(Long.MIN_VALUE + 1), "nothing in it, nothing racy");
    assertEquals(50_000_000L, StatFingerprint.racyMargin(false));
    assertEquals(2_000_000_000L, StatFingerprint.racyMargin(true));
  }
}
