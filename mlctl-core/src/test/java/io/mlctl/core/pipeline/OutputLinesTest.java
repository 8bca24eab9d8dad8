package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A stage's output is cut into the lines BufferedReader.readLine would give, however it arrives. */
class OutputLinesTest {
  private static List<String> cut(byte[] output, int[] chunks) throws IOException {
    List<String> lines = new ArrayList<>();
    OutputLines out = new OutputLines((b, off, len) -> lines.add(new String(b, off, len, StandardCharsets.UTF_8)));
    int at = 0;
    for (int size : chunks) {
      int n = Math.min(size, output.length - at);
      byte[] chunk = new byte[Math.max(n, 1) + 3];
      System.arraycopy(output, at, chunk, 0, n);
      out.add(chunk, n);
      at += n;
    }
    out.add(output.length > at ? java.util.Arrays.copyOfRange(output, at, output.length) : new byte[0], output.length - at);
    out.end();
    return lines;
  }

  private static List<String> readLines(byte[] output) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(output), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void terminators_areReadLinesOnes() throws IOException {
    byte[] out = "one\ntwo\r\nthree\rfour\n\nfive\r\r\nsix".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("one", "two", "three", "four", "", "five", "", "six"), cut(out, new int[] {out.length}));
  }

  @Test
  void crLfSplitAcrossReads_endsOneLine() throws IOException {
    byte[] out = "a\r\nb\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("a", "b"), cut(out, new int[] {2, 1, 2}));
  }

  @Test
  void multiByteCharactersSplitAcrossReads_arriveWhole() throws IOException {
    byte[] out = "größe: 7 µm\nnext ✓\n".getBytes(StandardCharsets.UTF_8);
    for (int size = 1; size <= out.length; size++) {
      int[] chunks = new int[out.length / size + 1];
      java.util.Arrays.fill(chunks, size);
      assertEquals(List.of("größe: 7 µm", "next ✓"), cut(out, chunks), "reads of " + size);
    }
  }

  @Test
  void randomOutput_inRandomReads_givesReadLinesLines() throws IOException {
    Random random = new Random(7);
    byte[] alphabet = "ab\r\n\n é".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 2000; round++) {
      byte[] out = new byte[random.nextInt(40)];
      for (int i = 0; i < out.length; i++) {
        out[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int[] chunks = new int[random.nextInt(6)];
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] = random.nextInt(9);
      }
      assertEquals(readLines(out), cut(out, chunks), () -> java.util.Arrays.toString(out));
    }
  }

  @Test
  void longLine_growsTheBufferAndArrivesWhole() throws IOException {
    String line = "x".repeat(100_000);
    byte[] out = (line + "\nend").getBytes(StandardCharsets.UTF_8);
    int[] chunks = new int[200];
    java.util.Arrays.fill(chunks, 777);
    assertEquals(List.of(line, "end"), cut(out, chunks));
  }
}
