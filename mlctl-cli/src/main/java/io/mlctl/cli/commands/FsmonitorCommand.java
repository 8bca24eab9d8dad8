package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.repo.Project;
import io.mlctl.core.watch.FsMonitor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlctl fsmonitor start|stop|status|run}. */
@Command(name = "fsmonitor", mixinStandardHelpOptions = true,
    description = {"Run a file-system monitor, so status and add skip directories nothing touched.",
        "Config core.fsmonitor starts it by itself."},
    subcommands = {FsmonitorCommand.Start.class, FsmonitorCommand.Stop.class, FsmonitorCommand.Status.class,
        FsmonitorCommand.Run.class})
public final class FsmonitorCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static Map<String, Object> json(boolean running, Optional<FsMonitor.Info> info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("running", running);
    info.ifPresent(i -> {
      m.put("pid", i.pid());
      m.put("folders", i.folders());
      m.put("events", i.events());
      m.put("started", Instant.ofEpochMilli(i.startedMillis()).toString());
    });
    return m;
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start the monitor in the background, unless one runs; waits until it answers.")
  static final class Start implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      FsMonitor.Started s;
      try (Project project = out.openProject()) {
        s = new FsMonitor(project).start();
      }
      if (out.json()) {
        out.json(json(true, Optional.of(s.info())));
      } else {
        out.println((s.already() ? "A file-system monitor already runs" : "Started a file-system monitor")
            + " (pid " + s.info().pid() + ", " + s.info().folders() + " folders watched).");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the running monitor.")
  static final class Stop implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      boolean stopped;
      try (Project project = out.openProject()) {
        stopped = new FsMonitor(project).stop();
      }
      if (out.json()) {
        out.json(Map.of("stopped", stopped));
      } else {
        out.println(stopped ? "Stopped the file-system monitor." : "No file-system monitor was running.");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Say whether a monitor runs (exit 1 when none does).")
  static final class Status implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Optional<FsMonitor.Info> info;
      try (Project project = out.openProject()) {
        info = new FsMonitor(project).info();
      }
      if (out.json()) {
        out.json(json(info.isPresent(), info));
      } else if (info.isPresent()) {
        FsMonitor.Info i = info.get();
        out.println("A file-system monitor runs: pid " + i.pid() + ", " + i.folders() + " folders watched, "
            + i.events() + " events since " + Instant.ofEpochMilli(i.startedMillis()) + ".");
      } else {
        out.println("No file-system monitor runs.");
      }
      return info.isPresent() ? ExitCodes.OK : ExitCodes.NO;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, hidden = true,
      description = "Run the monitor in the foreground until it is stopped or idle (what start runs).")
  static final class Run implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Optional<String> ended;
      try (Project project = out.openProject()) {
        out.note("mlctl fsmonitor: watching " + project.root() + " (pid " + ProcessHandle.current().pid() + ")");
        ended = new FsMonitor(project).run();
      }
      out.note(ended.map(r -> "mlctl fsmonitor: stopped, " + r).orElse("mlctl fsmonitor: another monitor runs here"));
      return ExitCodes.OK;
    }
  }
}
