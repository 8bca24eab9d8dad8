package io.mlctl.core.watch;

import java.nio.file.Path;

/**
 * Where a work tree's monitor keeps its lock, log, and the request and answer files of its
 * clients: {@code .mlctl/tmp/fsmonitor/}.
 */
record MonitorFiles(Path root) {
  /** The prefix of files being written, which the monitor does not take for requests yet. */
  static final String TEMP = ".t-";

  Path dir() {
    return root.resolve(".mlctl").resolve("tmp").resolve("fsmonitor");
  }

  Path lock() {
    return dir().resolve("lock");
  }

  Path log() {
    return dir().resolve("log");
  }

  Path request(String id) {
    return dir().resolve(TreeWatcher.REQUEST + id);
  }

  Path answer(String id) {
    return dir().resolve("a-" + id);
  }

  /** When a client last started a monitor here, so that it is not started again at every command. */
  Path started() {
    return dir().resolve("started");
  }
}
