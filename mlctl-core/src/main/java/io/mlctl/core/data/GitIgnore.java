package io.mlctl.core.data;

import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Keeps tracked data out of Git: one {@code /NAME} line per output in its folder's .gitignore. */
public final class GitIgnore {
  private GitIgnore() {}

  /** Adds {@code /name} to {@code dir/.gitignore} unless there; true when the file changed. */
  public static boolean ensure(Path dir, String name) {
    Path file = dir.resolve(".gitignore");
    String entry = "/" + escape(name);
    try {
      List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
      if (lines.contains(entry)) {
        return false;
      }
      StringBuilder sb = new StringBuilder();
      for (String l : lines) {
        sb.append(l).append('\n');
      }
      sb.append(entry).append('\n');
      AtomicFiles.writeString(file, sb.toString());
      return true;
    } catch (IOException e) {
      throw StorageException.of("update", file, e);
    }
  }

  // Characters .gitignore treats as patterns must be escaped to match the one name literally, and
  // so must trailing spaces, which Git drops from a pattern unless a backslash quotes them.
  static String escape(String name) {
    int keep = name.length();
    while (keep > 0 && name.charAt(keep - 1) == ' ') {
      keep--;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\' || c == '!' || c == '#' || i >= keep) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
