package io.mlctl.core.pipeline;

import java.util.List;

/**
 * One stage of {@code mlctl.yaml} after interpolation and {@code foreach}/{@code matrix}
 * expansion. Immutable. Paths are relative to the project root and '/'-separated.
 *
 * @param name the stage name ({@code NAME@ITEM} for an expanded stage)
 * @param cmd the commands, run one by one by {@code sh -c} in {@code wdir}
 * @param wdir the working directory, relative to the root ({@code .} for the root)
 */
public record Stage(String name, List<String> cmd, String wdir, List<String> deps, List<Param> params,
    List<Out> outs, boolean frozen, boolean alwaysChanged) {
  public Stage {
    cmd = List.copyOf(cmd);
    deps = List.copyOf(deps);
    params = List.copyOf(params);
    outs = List.copyOf(outs);
  }

  /** The commands as one string, for display and the lock. */
  public String command() {
    return String.join(" && ", cmd);
  }

  /** A parameter: a dotted key (or a whole section) of a YAML or JSON file. */
  public record Param(String file, String key) {}

  /** What kind of output a path was declared as. */
  public enum OutKind { OUT, METRIC, PLOT }

  /** A declared output; {@code cache: false} keeps it out of the cache, {@code persist} keeps it across runs. */
  public record Out(String path, OutKind kind, boolean cache, boolean persist) {}
}
