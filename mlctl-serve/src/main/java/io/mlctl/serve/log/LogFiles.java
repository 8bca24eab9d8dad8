package io.mlctl.serve.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request log's file names, their rotation and their order. The log being written is
 * {@code requests.jsonl}; a rotation renames it to {@code requests.1.jsonl} after shifting every
 * older {@code requests.N.jsonl} to {@code N+1}, as logrotate does, so the highest number is the
 * oldest file. Not thread-safe: only the log's writer thread rotates.
 */
final class LogFiles {
  static final String CURRENT = "requests.jsonl";
  private static final Pattern ROTATED = Pattern.compile("requests\\.([1-9][0-9]{0,8})\\.jsonl");

  private LogFiles() {}

  static Path current(Path dir) {
    return dir.resolve(CURRENT);
  }

  static Path rotated(Path dir, int n) {
    return dir.resolve("requests." + n + ".jsonl");
  }

  /** The log's files, oldest first, so that reading them in this order gives every line in order. */
  static List<Path> inOrder(Path dir) throws IOException {
    List<Numbered> rotated = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "requests.*.jsonl")) {
      for (Path f : files) {
        Matcher m = ROTATED.matcher(f.getFileName().toString());
        if (m.matches()) {
          rotated.add(new Numbered(Integer.parseInt(m.group(1)), f));
        }
      }
    }
    rotated.sort(Comparator.comparingInt(Numbered::n).reversed());
    List<Path> ordered = new ArrayList<>();
    rotated.forEach(r -> ordered.add(r.path()));
    if (Files.exists(current(dir))) {
      ordered.add(current(dir));
    }
    return ordered;
  }

  /**
   * Makes room for a new current file: drops the oldest so that at most {@code maxFiles} files
   * remain with the new one, shifts the others up by one, and renames the current file to
   * {@code requests.1.jsonl}. Each step is one rename, so a crash half-way leaves whole files,
   * at worst with a gap in the numbers, which {@link #inOrder} tolerates.
   */
  static void rotate(Path dir, int maxFiles) throws IOException {
    if (maxFiles == 1) {
      Files.deleteIfExists(current(dir));
      return;
    }
    Files.deleteIfExists(rotated(dir, maxFiles - 1));
    for (int n = maxFiles - 2; n >= 1; n--) {
      Path from = rotated(dir, n);
      if (Files.exists(from)) {
        Files.move(from, rotated(dir, n + 1), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    Files.move(current(dir), rotated(dir, 1), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes rotated files a run with a larger {@code maxFiles} left, so the bound holds from the start. */
  static void removeBeyond(Path dir, int maxFiles) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "requests.*.jsonl")) {
      for (Path f : files) {
        Matcher m = ROTATED.matcher(f.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) >= maxFiles) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * Cuts a line a killed process left half-written off the end of {@code channel}'s file, so the
   * next line starts on a line of its own; returns the new size.
   */
  static long dropTornTail(FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    long end = size;
    while (end > 0) {
      int len = (int) Math.min(chunk.capacity(), end);
      chunk.clear().limit(len);
      long start = end - len;
      while (chunk.hasRemaining()) {
        if (channel.read(chunk, start + chunk.position()) < 0) {
          throw new IOException("file shrank while it was read");
        }
      }
      for (int i = len - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          long keep = start + i + 1;
          if (keep < size) {
            channel.truncate(keep);
          }
          return keep;
        }
      }
      end = start;
    }
    channel.truncate(0);
    return 0;
  }

  private record Numbered(int n, Path path) {}
}
