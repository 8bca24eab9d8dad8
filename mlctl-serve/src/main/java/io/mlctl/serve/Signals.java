package io.mlctl.serve;

import sun.misc.Signal;

/** SIGTERM and SIGINT as events the server handles itself instead of ending the JVM. */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable action) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> action.run());
      } catch (IllegalArgumentException e) {
        // This platform has no such signal (or the JVM reserves it): the default handling stays.
      }
    }
  }
}
