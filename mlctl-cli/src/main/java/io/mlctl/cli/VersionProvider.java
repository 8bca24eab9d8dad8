package io.mlctl.cli;

import io.mlctl.core.Version;
import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into mlctl-core's {@code version.properties}. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"mlctl " + Version.get()};
  }
}
