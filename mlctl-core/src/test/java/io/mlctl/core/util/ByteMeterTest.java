package io.mlctl.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes reach the progress while a file is read, never more than the file's size, and the file counts once. */
class ByteMeterTest {
  /** Records every call as "files/bytes". */
  private static final class Recorder implements Progress {
    final List<String> calls = new ArrayList<>();

    @Override
    public void start(String label, long files, long bytes) {}

    @Override
    public synchronized void advance(long files, long bytes) {
      calls.add(files + "/" + bytes);
    }

    @Override
    public void done() {}
  }

  @Test
  void file_passesReadsOnAsTheyHappen_thenTheFileWithTheRest() {
    Recorder p = new Recorder();
    String r = ByteMeter.file(p, 10, () -> {
      ByteMeter.count(4);
      ByteMeter.count(4);
      return "ok";
    });
    assertEquals("ok", r);
    assertEquals(List.of("0/4", "0/4", "1/2"), p.calls);
  }

  @Test
  void file_readTwice_countsItsSizeOnce() {
    Recorder p = new Recorder();
    ByteMeter.file(p, 6, () -> {
      ByteMeter.count(6);
      ByteMeter.count(6);
      return null;
    });
    assertEquals(List.of("0/6", "1/0"), p.calls);
  }

  @Test
  void file_thatReadsNothing_countsWhole() {
    Recorder p = new Recorder();
    ByteMeter.file(p, 9, () -> null);
    assertEquals(List.of("1/9"), p.calls);
  }

  @Test
  void count_outsideAFile_goesNowhere_andTheMeterEndsWithTheFile() {
    Recorder p = new Recorder();
    ByteMeter.count(5);
    ByteMeter.file(p, 1, () -> null);
    ByteMeter.count(5);
    assertEquals(List.of("1/1"), p.calls);
  }
}
