package io.mlctl.core.state;

import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the file-system monitor vouches for: tracked directories whose content had a known
 * manifest hash at one monitor token. While the monitor reports no event in such a directory
 * since that token, its hash is still that one, and {@code status} and {@code add} need not walk
 * it. Kept in {@code .mlctl/state/fsmonitor}, replaced atomically; written without the lock (a
 * lost update costs one walk, nothing more) and only when what it says changed.
 *
 * <p>Format: a magic line, the token, then one line per directory: hash, total size, file count
 * and the directory's path (last, as it may hold spaces).
 */
public final class MonitorVouches {
  private static final String MAGIC = "mlctl-fsmonitor-vouches 1";

  /** One directory's content at the token. */
  public record Vouch(String hash, long size, long files) {}

  private final Path file;
  private final String token;
  private final Map<String, Vouch> dirs;

  private MonitorVouches(Path file, String token, Map<String, Vouch> dirs) {
    this.file = file;
    this.token = token;
    this.dirs = dirs;
  }

  /** The vouches in {@code stateDir}; none (and no token) when the file is missing or damaged. */
  public static MonitorVouches read(Path stateDir) {
    Path file = stateDir.resolve("fsmonitor");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      return new MonitorVouches(file, null, new LinkedHashMap<>());
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
    String[] lines = text.split("\n", -1);
    Map<String, Vouch> dirs = new LinkedHashMap<>();
    if (lines.length < 3 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].isEmpty()) {
      return new MonitorVouches(file, null, dirs);
    }
    for (int i = 2; i < lines.length - 1; i++) {
      String[] f = lines[i].split(" ", 4);
      try {
        if (f.length != 4 || !Sha256.isHash(f[0])) {
          return new MonitorVouches(file, null, new LinkedHashMap<>());
        }
        dirs.put(f[3], new Vouch(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
      } catch (NumberFormatException e) {
        return new MonitorVouches(file, null, new LinkedHashMap<>());
      }
    }
    return new MonitorVouches(file, lines[1], dirs);
  }

  /** The monitor token the vouches hold at, or null when there are none. */
  public String token() {
    return token;
  }

  /** Every vouched directory, by path relative to the work tree. */
  public Map<String, Vouch> dirs() {
    return java.util.Collections.unmodifiableMap(dirs);
  }

  /** Replaces the file with {@code dirs} at {@code newToken}. */
  public void write(String newToken, Map<String, Vouch> newDirs) {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n').append(newToken).append('\n');
    for (Map.Entry<String, Vouch> e : newDirs.entrySet()) {
      if (e.getKey().indexOf('\n') >= 0 || e.getKey().indexOf('\r') >= 0) {
        continue;
      }
      Vouch v = e.getValue();
      sb.append(v.hash()).append(' ').append(v.size()).append(' ').append(v.files()).append(' ')
          .append(e.getKey()).append('\n');
    }
    try {
      AtomicFiles.writeStringUnforced(file, sb.toString());
    } catch (StorageException lost) {
      // Another lock-free reader swept our temporary file: its vouches won, ours cost a walk.
      if (!(lost.getCause() instanceof NoSuchFileException)) {
        throw lost;
      }
    }
  }
}
