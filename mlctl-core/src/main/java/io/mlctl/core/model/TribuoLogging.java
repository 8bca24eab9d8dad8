package io.mlctl.core.model;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Tribuo's java.util.logging chatter (progress and INFO notes) off the terminal: mlctl
 * reports what matters itself, and a command's stderr holds only its own lines.
 */
final class TribuoLogging {
  // Held so the logger and its level are not garbage-collected.
  private static final Logger TRIBUO = Logger.getLogger("org.tribuo");
  private static final Logger OLCUT = Logger.getLogger("com.oracle.labs.mlrg.olcut");

  private TribuoLogging() {}

  static void quiet() {
    TRIBUO.setLevel(Level.SEVERE);
    OLCUT.setLevel(Level.SEVERE);
  }
}
