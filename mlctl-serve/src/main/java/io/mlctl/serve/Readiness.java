package io.mlctl.serve;

/** Whether the server can answer predictions yet (the model is loaded). Thread-safe. */
@FunctionalInterface
public interface Readiness {
  boolean ready();
}
