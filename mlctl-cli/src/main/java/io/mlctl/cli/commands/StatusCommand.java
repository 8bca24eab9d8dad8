package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.repo.Project;
import io.mlctl.core.status.Status;
import io.mlctl.core.status.StatusResult;
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

/** {@code mlctl status}. Read-only: never takes the lock. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show tracked data that differs from its pointer and pipeline stages that would run again.")
public final class StatusCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--check", description = "Exit 1 when anything changed (for CI).")
  boolean check;

  @Option(names = {"-r", "--remote"}, paramLabel = "NAME",
      description = "Compare the cache with a remote instead: what the remote lacks and what the cache lacks.")
  String remote;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Tracked paths, pointer files or paths inside tracked directories.")
  List<String> targets = new ArrayList<>();

  /** Where to write when the command runs without picocli ({@link #plain}); null under picocli. */
  private Output output;

  /** A status of the whole project set up without picocli's command model ({@code PlainCommand}). */
  public static StatusCommand plain(Output output, boolean check) {
    StatusCommand c = new StatusCommand();
    c.output = output;
    c.check = check;
    return c;
  }

  @Override
  public Integer call() {
    Output out = output != null ? output : Output.of(spec, global.globals());
    if (remote != null) {
      return remoteStatus(out);
    }
    StatusResult r;
    try (Project project = out.openProject()) {
      r = new Status(project).call(out.globals().workDir(), targets);
    }
    if (out.json()) {
      out.json(toJson(r));
    } else {
      render(out, r);
    }
    return check && !r.clean() ? ExitCodes.NO : ExitCodes.OK;
  }

  private int remoteStatus(Output out) {
    io.mlctl.core.remote.Transfer.Comparison c;
    List<io.mlctl.core.remote.RemoteStore.Leftover> leftovers;
    String name;
    try (Project project = out.openProject()) {
      io.mlctl.core.data.Workspace ws = new io.mlctl.core.data.Workspace(project);
      io.mlctl.core.remote.Remotes remotes = new io.mlctl.core.remote.Remotes(project);
      name = remotes.find(remote).name();
      try (io.mlctl.core.remote.RemoteStore store = remotes.open(name)) {
        c = new io.mlctl.core.remote.Transfer(ws, store, 1)
            .compare(io.mlctl.core.remote.Transfer.targets(ws, out.globals().workDir(), targets));
        leftovers = io.mlctl.core.remote.RemoteLeftovers.list(store);
      }
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("remote", name);
      doc.put("not_in_remote", c.notInRemote());
      doc.put("not_in_cache", c.notInCache());
      doc.put("leftovers", leftovers.stream().map(Json::leftover).toList());
      out.json(doc);
    } else {
      if (c.notInRemote().isEmpty() && c.notInCache().isEmpty()) {
        out.println("Cache and remote '" + name + "' are in sync.");
      } else {
        c.notInRemote().forEach(p -> out.println("not in remote: " + p));
        c.notInCache().forEach(p -> out.println("not in cache:  " + p));
      }
      java.time.Instant now = java.time.Instant.now();
      leftovers.forEach(l -> out.println("temporary:     " + Json.leftoverLine(l, now)));
      if (!leftovers.isEmpty()) {
        out.note("Temporary files on a remote are what interrupted pushes left; 'mlctl gc -r " + name
            + "' removes those no push is writing now.");
      }
    }
    boolean changed = !c.notInRemote().isEmpty() || !c.notInCache().isEmpty();
    return check && changed ? ExitCodes.NO : ExitCodes.OK;
  }

  private static void render(Output out, StatusResult r) {
    if (r.clean()) {
      out.println("Data and pipelines are up to date.");
      return;
    }
    io.mlctl.cli.Colors colors = io.mlctl.cli.Colors.of(out);
    for (StatusResult.ChangedPath c : r.changed()) {
      String word = c.state().label() + ":";
      String painted = switch (c.state()) {
        case NEW -> colors.good(word);
        case MODIFIED -> colors.changed(word);
        case DELETED, NOT_IN_CACHE -> colors.bad(word);
      };
      out.println(painted + " ".repeat(Math.max(1, 14 - word.length())) + c.path());
    }
    for (StatusResult.StageState s : r.stages()) {
      if (s.stale()) {
        for (String reason : s.reasons()) {
          out.println(colors.changed(s.name()) + ": " + reason);
        }
      }
    }
  }

  static Map<String, Object> toJson(StatusResult r) {
    List<Map<String, Object>> changed = new ArrayList<>();
    for (StatusResult.ChangedPath c : r.changed()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", c.path());
      m.put("state", c.state().id());
      changed.add(m);
    }
    List<Map<String, Object>> stages = new ArrayList<>();
    for (StatusResult.StageState s : r.stages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("stale", s.stale());
      m.put("reasons", s.reasons());
      stages.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("changed", changed);
    doc.put("stages", stages);
    return doc;
  }
}
