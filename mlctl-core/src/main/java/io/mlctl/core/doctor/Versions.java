package io.mlctl.core.doctor;

import io.mlctl.core.Version;
import io.mlctl.core.scm.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions {@code mlctl doctor} reports: mlctl's, the JVM it runs on, the Git executable on
 * {@code PATH} (mlctl reads repositories with JGit and needs none, but the Git commands users type
 * beside it do) and JGit's. Immutable.
 *
 * @param mlctl mlctl's version
 * @param java the JVM's full version, e.g. {@code 17.0.13+11}
 * @param javaVendor who built the JVM
 * @param javaHome where the JVM is installed
 * @param git the version {@code git --version} prints; empty when no Git is on {@code PATH}
 * @param jgit JGit's version
 * @param os the operating system's name, version and architecture
 */
public record Versions(String mlctl, String java, String javaVendor, String javaHome, Optional<String> git, String jgit,
    String os) {
  private static final Pattern GIT_VERSION = Pattern.compile("git version (\\S+)");

  /** The versions of this process and of the {@code git} on its {@code PATH}. */
  public static Versions detect() {
    return new Versions(Version.get(), Runtime.version().toString(), System.getProperty("java.vendor", "unknown"),
        System.getProperty("java.home", "unknown"), gitVersion(), GitRepo.libraryVersion(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
  }

  private static Optional<String> gitVersion() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      Matcher m = GIT_VERSION.matcher(out);
      return p.exitValue() == 0 && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      // no git on PATH: ProcessBuilder cannot start it
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
