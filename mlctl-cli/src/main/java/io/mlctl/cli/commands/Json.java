package io.mlctl.cli.commands;

import io.mlctl.core.pointer.Output;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes commands share, built in one place so they stay alike. */
final class Json {
  private Json() {}

  /** A tracked output as {@code add}, {@code ls} and friends print it. */
  static Map<String, Object> output(String path, Output o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("kind", o.dir() ? "dir" : "file");
    m.put("sha256", o.sha256());
    m.put("size", o.size());
    if (o.dir()) {
      m.put("nfiles", o.nfiles());
    }
    return m;
  }

  /** A temporary file an unfinished upload left on a remote, as {@code status -r} and {@code gc -r} print it. */
  static Map<String, Object> leftover(io.mlctl.core.remote.RemoteStore.Leftover l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", l.path());
    m.put("size", l.size());
    m.put("modified", l.modified().toString());
    return m;
  }

  /** The same for a person: path, size and how long ago it was last written. */
  static String leftoverLine(io.mlctl.core.remote.RemoteStore.Leftover l, java.time.Instant now) {
    long minutes = Math.max(0, java.time.Duration.between(l.modified(), now).toMinutes());
    String age = minutes < 1 ? "less than a minute" : minutes < 120 ? minutes + " min"
        : minutes < 48 * 60 ? minutes / 60 + " h" : minutes / (24 * 60) + " days";
    return l.path() + " (" + bytes(l.size()) + ", last written " + age + " ago)";
  }

  static String bytes(long n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? n + " B" : String.format("%.1f %s", v, units[u]);
  }
}
