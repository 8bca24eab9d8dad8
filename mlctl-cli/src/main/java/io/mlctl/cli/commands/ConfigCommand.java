package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.repo.Config;
import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl config get|set|unset|list}: the settings in {@code .mlctl/config.yaml}. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Read and write settings in .mlctl/config.yaml (or config.local.yaml with --local).",
    subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.Unset.class,
        ConfigCommand.ListKeys.class})
public final class ConfigCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static String show(Object value) {
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Print the value in force for KEY (its default when not set).")
  static final class Get implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "A dotted key, e.g. core.lock_wait.")
    String key;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = Project.open(global.globals().workDir())) {
        Config config = project.config();
        Optional<Object> value = config.get(key);
        if (out.json()) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("key", key);
          doc.put("value", value.orElse(null));
          doc.put("set", config.isSet(key));
          out.json(doc);
          return ExitCodes.OK;
        }
        if (value.isEmpty()) {
          return ExitCodes.NO;
        }
        out.println(show(value.get()));
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set KEY to VALUE.")
  static final class Set implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--local", description = "Write .mlctl/config.local.yaml (this machine only, not committed).")
    boolean local;

    @Parameters(index = "0", paramLabel = "KEY", description = "A dotted key, e.g. cache.type (see 'mlctl config list --all').")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value; lists are comma-separated, e.g. hardlink,copy.")
    String value;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      ConfigKey.of(key);
      try (Project project = Project.open(global.globals().workDir());
           RepoLock lock = project.lock(pid -> out.note("Waiting for mlctl process " + pid + " to release the lock..."))) {
        Config next = project.configStore().set(key, value, local);
        if (out.json()) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("key", key);
          doc.put("value", next.get(key).orElse(null));
          out.json(doc);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove KEY, so its default applies.")
  static final class Unset implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--local", description = "Remove it from .mlctl/config.local.yaml.")
    boolean local;

    @Parameters(index = "0", paramLabel = "KEY", description = "A dotted key, e.g. cache.type.")
    String key;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      ConfigKey.of(key);
      try (Project project = Project.open(global.globals().workDir());
           RepoLock lock = project.lock(pid -> out.note("Waiting for mlctl process " + pid + " to release the lock..."))) {
        project.configStore().unset(key, local);
        if (out.json()) {
          out.json(Map.of("key", key, "unset", true));
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List every key that is set, as KEY=VALUE; with --all also the defaults.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Also list known keys that are not set, with their defaults.")
    boolean all;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = Project.open(global.globals().workDir())) {
        Map<String, Object> entries = new java.util.TreeMap<>();
        if (all) {
          for (ConfigKey k : ConfigKey.values()) {
            if (!k.pattern().contains("*") && k.defaultValue().isPresent()) {
              entries.put(k.pattern(), k.defaultValue().get());
            }
          }
        }
        entries.putAll(project.config().entries());
        if (out.json()) {
          out.json(entries);
          return ExitCodes.OK;
        }
        entries.forEach((k, v) -> out.println(k + "=" + show(v)));
        return ExitCodes.OK;
      }
    }
  }
}
