package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress bar against a fake terminal and a fake clock: what it draws, and when. */
class TerminalProgressTest {
  private static final long MS = 1_000_000L;
  private static final long MIB = 1L << 20;
  private static final Pattern ETA = Pattern.compile("ETA (?:(\\d+)m)?(\\d+)s");
  private static final Pattern RATE = Pattern.compile(" ([0-9.]+) MiB/s ");

  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final StringWriter screen = new StringWriter();
  private final TerminalProgress bar = new TerminalProgress(new PrintWriter(screen), now::get);

  /** The frames drawn so far: each starts with a carriage return and ends by clearing the line's rest. */
  private List<String> frames() {
    List<String> out = new ArrayList<>();
    for (String part : screen.toString().split("\r")) {
      if (part.endsWith("\u001b[K") && part.length() > 3) {
        out.add(part.substring(0, part.length() - 3));
      }
    }
    return out;
  }

  @Test
  void singleLargeFile_movesByBytesWithASaneRateAndEtaFromTheFirstFrame() {
    long size = 1L << 30;
    bar.start("Adding big.bin", 1, size);
    // 4 MiB every 20 ms: 200 MiB/s, so the whole GiB takes about 5 s.
    for (long done = 0; done < size; done += 4 * MIB) {
      now.addAndGet(20 * MS);
      bar.advance(0, 4 * MIB);
    }
    bar.advance(1, 0);
    List<String> frames = frames();
    assertTrue(frames.size() >= 3, "frames: " + frames);
    String first = frames.get(0);
    Matcher rate = RATE.matcher(first);
    assertTrue(rate.find(), first);
    assertEquals(200, Double.parseDouble(rate.group(1)), 1, first);
    Matcher eta = ETA.matcher(first);
    assertTrue(eta.find(), first);
    long etaSecs = (eta.group(1) == null ? 0 : Long.parseLong(eta.group(1)) * 60) + Long.parseLong(eta.group(2));
    assertTrue(etaSecs >= 4 && etaSecs <= 5, "about 4.5 s left at the first frame: " + first);
    assertTrue(first.startsWith("Adding big.bin ["), first);
    assertFalse(first.contains("files"), "one file: no file count: " + first);
    for (String f : frames) {
      assertFalse(f.endsWith(" "), "no trailing space: '" + f + "'");
    }
  }

  @Test
  void manySmallFiles_afterASlowFirstFile_openWithASaneEta() {
    int n = 20_000;
    bar.start("Adding data", n, n * 1024L);
    // The first file pays for warming up (60 ms); the others take 50 µs each: one second in all.
    now.addAndGet(60 * MS);
    bar.advance(1, 1024);
    for (int i = 1; i < n; i++) {
      now.addAndGet(50_000);
      bar.advance(1, 1024);
    }
    String first = frames().get(0);
    Matcher eta = ETA.matcher(first);
    assertTrue(eta.find(), first);
    assertTrue(eta.group(1) == null && Long.parseLong(eta.group(2)) <= 2, "about half a second left: " + first);
    assertTrue(first.contains("/20000 files"), first);
  }

  @Test
  void quickWork_drawsNothing() {
    bar.start("Adding small.csv", 1, 100);
    now.addAndGet(10 * MS);
    bar.advance(1, 100);
    bar.done();
    assertEquals("", screen.toString());
  }

  @Test
  void done_clearsTheBarOnceAndNeverDrawsItAgain() {
    bar.start("Pushing to store", 2, 8 * MIB);
    now.addAndGet(600 * MS);
    bar.advance(1, 4 * MIB);
    now.addAndGet(600 * MS);
    bar.advance(1, 4 * MIB);
    int before = frames().size();
    bar.done();
    bar.done();
    String all = screen.toString();
    assertEquals(before, frames().size(), "done draws no frame of its own");
    assertTrue(all.endsWith("\r\u001b[K"), "the line is cleared at the end");
    // A frame is "\r" + text + "\e[K"; only the clearing has nothing between the two.
    assertEquals(1, all.split("\r\u001b\\[K", -1).length - 1, "cleared once: " + all.replace("\u001b", "^["));
  }
}
