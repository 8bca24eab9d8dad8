package io.mlctl.core.data;

import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.state.MonitorVouches;
import io.mlctl.core.watch.MonitorClient;
import io.mlctl.core.watch.MonitorLauncher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One command's view of the file-system monitor: which tracked directories it vouches for
 * (unchanged since they were last seen with a known hash), and what this command found clean
 * by walking, to vouch for next time. Without a monitor (none configured, none running, or one
 * that does not answer in time) it vouches for nothing, and every directory is walked as before.
 *
 * <p>Hard- and symlinked work trees are never vouched for: their files are the cache's objects,
 * which can change through {@code .mlctl/cache}, a folder the monitor does not watch.
 */
final class MonitoredDirs {
  private final MonitorVouches stored;
  private final MonitorClient.Answer answer;
  private final Map<String, MonitorVouches.Vouch> now = new LinkedHashMap<>();
  private boolean dirty;

  private MonitoredDirs(MonitorVouches stored, MonitorClient.Answer answer) {
    this.stored = stored;
    this.answer = answer;
    if (answer != null) {
      stored.dirs().forEach((dir, v) -> {
        if (answer.unchanged(dir)) {
          now.put(dir, v);
        } else {
          dirty = true;
        }
      });
    }
  }

  /**
   * Asks the monitor, if there is one, about every directory vouched for before: only those can
   * be vouched for now. (A directory walked by this command is vouched for from this answer's
   * token on, whether or not it was asked about.)
   */
  static MonitoredDirs open(Workspace ws) {
    MonitorClient client = new MonitorClient(ws.root());
    boolean wanted = ws.project().config().getBoolean(ConfigKey.CORE_FSMONITOR);
    MonitorVouches stored = MonitorVouches.read(ws.layout().state());
    if (linked(ws)) {
      return new MonitoredDirs(stored, null);
    }
    if (!client.alive()) {
      if (wanted) {
        new MonitorLauncher(ws.root()).startUnlessRecent();
      }
      return new MonitoredDirs(stored, null);
    }
    List<String> prefixes = new ArrayList<>(stored.dirs().keySet());
    Optional<MonitorClient.Answer> a = client.changedSince(stored.token(), prefixes);
    if (a.isEmpty() && wanted) {
      // A monitor that does not answer: a new one takes over once it is gone.
      new MonitorLauncher(ws.root()).startUnlessRecent();
    }
    return new MonitoredDirs(stored, a.orElse(null));
  }

  private static boolean linked(Workspace ws) {
    List<String> types = ws.project().config().getList(ConfigKey.CACHE_TYPE);
    return types.contains("hardlink") || types.contains("symlink");
  }

  /** The hash, size and file count {@code relDir} still has, when the monitor vouches for it. */
  Optional<MonitorVouches.Vouch> unchanged(String relDir) {
    return Optional.ofNullable(now.get(relDir));
  }

  /** {@code relDir} was walked after the monitor answered and found to have this content. */
  void verified(String relDir, String hash, long size, long files) {
    if (answer == null) {
      return;
    }
    MonitorVouches.Vouch v = new MonitorVouches.Vouch(hash, size, files);
    if (!v.equals(now.put(relDir, v))) {
      dirty = true;
    }
  }

  /** {@code relDir} differs from what was vouched for. */
  void changed(String relDir) {
    if (now.remove(relDir) != null) {
      dirty = true;
    }
  }

  /** Writes what changed, at the token of this command's answer. */
  void save() {
    if (answer != null && dirty) {
      stored.write(answer.token(), now);
    }
  }
}
