package io.mlctl.core.repo;

import java.nio.file.Path;

/**
 * Where things live inside an mlctl project. Immutable; knows paths only and touches no file.
 *
 * @param root the project root: the folder holding {@code .mlctl/}
 */
public record ProjectLayout(Path root) {
  public static final String DIR = ".mlctl";

  public Path mlctlDir() {
    return root.resolve(DIR);
  }

  public Path config() {
    return mlctlDir().resolve("config.yaml");
  }

  public Path localConfig() {
    return mlctlDir().resolve("config.local.yaml");
  }

  public Path gitignore() {
    return mlctlDir().resolve(".gitignore");
  }

  public Path cache() {
    return mlctlDir().resolve("cache");
  }

  public Path objects() {
    return cache().resolve("sha256");
  }

  public Path runCache() {
    return cache().resolve("runs");
  }

  public Path tmp() {
    return mlctlDir().resolve("tmp");
  }

  public Path lockFile() {
    return tmp().resolve("lock");
  }

  public Path state() {
    return mlctlDir().resolve("state");
  }

  public Path runs() {
    return mlctlDir().resolve("runs");
  }

  public Path logs() {
    return mlctlDir().resolve("logs");
  }

  public Path serveLogs() {
    return mlctlDir().resolve("serve");
  }

  public Path registry() {
    return mlctlDir().resolve("registry");
  }

  public Path pipeline() {
    return root.resolve("mlctl.yaml");
  }

  public Path pipelineLock() {
    return root.resolve("mlctl.lock");
  }

  public Path params() {
    return root.resolve("params.yaml");
  }

  /** The path as output shows it: relative to the root and '/'-separated. */
  public String show(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path rel = abs.startsWith(root) ? root.relativize(abs) : abs;
    String s = rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    return s.isEmpty() ? "." : s;
  }
}
