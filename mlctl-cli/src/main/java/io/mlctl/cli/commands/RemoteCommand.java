package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl remote add|list|remove|default|modify}. */
@Command(name = "remote", mixinStandardHelpOptions = true,
    description = "Manage remotes: folders or S3 buckets that hold a copy of the cache.",
    subcommands = {RemoteCommand.Add.class, RemoteCommand.ListRemotes.class, RemoteCommand.Remove.class,
        RemoteCommand.Default.class, RemoteCommand.Modify.class})
public final class RemoteCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static Map<String, Object> json(Remotes.Remote r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("url", r.url());
    m.put("default", r.isDefault());
    m.putAll(r.options());
    return m;
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a remote: /path, file:///path or s3://bucket/prefix.")
  static final class Add implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--default"}, description = "Make it the default remote (the first one added always is).")
    boolean makeDefault;

    @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name, e.g. storage (for -r NAME).")
    String name;

    @Parameters(index = "1", paramLabel = "URL", description = "A folder (/path or file:///path) or s3://bucket/prefix.")
    String url;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = out.openProject(); RepoLock lock = project.lock()) {
        Remotes.Remote r = new Remotes(project).add(name, url, makeDefault);
        if (out.json()) {
          out.json(json(r));
        } else {
          out.println("Added remote " + r.name() + " -> " + r.url() + (r.isDefault() ? " (default)" : ""));
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List remotes.")
  static final class ListRemotes implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = out.openProject()) {
        List<Remotes.Remote> all = new Remotes(project).list();
        if (out.json()) {
          List<Map<String, Object>> doc = new ArrayList<>();
          all.forEach(r -> doc.add(json(r)));
          out.json(doc);
        } else {
          all.forEach(r -> out.println(r.name() + "\t" + r.url() + (r.isDefault() ? "\t(default)" : "")));
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a remote (its data stays where it is).")
  static final class Remove implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "A remote's name (see 'mlctl remote list').")
    String name;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = out.openProject(); RepoLock lock = project.lock()) {
        new Remotes(project).remove(name);
        if (out.json()) {
          out.json(Map.of("removed", name));
        } else {
          out.println("Removed remote " + name);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "default", mixinStandardHelpOptions = true, description = "Make NAME the default remote.")
  static final class Default implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "A remote's name (see 'mlctl remote list').")
    String name;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = out.openProject(); RepoLock lock = project.lock()) {
        new Remotes(project).makeDefault(name);
        if (out.json()) {
          out.json(Map.of("default", name));
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "modify", mixinStandardHelpOptions = true,
      description = {"Set an option of a remote: url, endpoint, region, path_style or jobs.",
          "Credentials (access_key_id, secret_access_key) go to config.local.yaml, which is not committed."})
  static final class Modify implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "A remote's name (see 'mlctl remote list').")
    String name;

    @Parameters(index = "1", paramLabel = "KEY", description = "url, endpoint, region, path_style, jobs, access_key_id or secret_access_key.")
    String key;

    @Parameters(index = "2", paramLabel = "VALUE", description = "The new value.")
    String value;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = out.openProject(); RepoLock lock = project.lock()) {
        Remotes.Remote r = new Remotes(project).modify(name, key, value);
        if (out.json()) {
          out.json(json(r));
        }
        return ExitCodes.OK;
      }
    }
  }
}
