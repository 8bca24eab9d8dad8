package io.mlctl.core.dvc;

import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What import-dvc needs of DVC's INI-style config ({@code .dvc/config}, then {@code
 * .dvc/config.local}, which overrides it): the names of the remotes, and where the cache is
 * ({@code [cache] dir}, relative to {@code .dvc/}). Nothing else is read, and no value of a remote
 * (which may hold credentials) is kept. Immutable.
 */
record DvcConfig(List<String> remotes, Path cacheDir) {
  private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*'?\\s*([a-z]+)(?:\\s+\"([^\"]*)\")?\\s*'?\\s*]\\s*$");
  private static final Pattern SETTING = Pattern.compile("^\\s*([A-Za-z_]+)\\s*=\\s*(.*?)\\s*$");

  static DvcConfig read(Path dvcDir) {
    List<String> remotes = new ArrayList<>();
    Path cache = dvcDir.resolve("cache");
    for (String name : List.of("config", "config.local")) {
      Path file = dvcDir.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw StorageException.of("read", file, e);
      }
      String section = "";
      for (String line : lines) {
        Matcher s = SECTION.matcher(line);
        if (s.matches()) {
          section = s.group(1);
          if (section.equals("remote") && s.group(2) != null && !remotes.contains(s.group(2))) {
            remotes.add(s.group(2));
          }
          continue;
        }
        Matcher kv = SETTING.matcher(line);
        if (section.equals("cache") && kv.matches() && kv.group(1).equals("dir") && !kv.group(2).isEmpty()) {
          cache = dvcDir.resolve(kv.group(2)).normalize();
        }
      }
    }
    return new DvcConfig(List.copyOf(remotes), cache);
  }
}
