package io.mlctl.core.remote;

import io.mlctl.core.BadInputException;
import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Tracked;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.util.Parallel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code exp push} and {@code exp pull}: experiment run records travel through the data remote
 * as {@code experiments/ID.json}, beside the objects they name (parameter files, {@code mlctl.lock},
 * outputs), which go through {@link Transfer} like any other object. A record goes after its
 * objects, both ways, so neither side holds a run it cannot apply. A run still going is never
 * sent: its record is not final, and its process id means nothing elsewhere. The caller holds
 * the repository lock. Not thread-safe.
 */
public final class ExperimentTransfer {
  /** A run record lists parameters, metrics and series: anything larger than this is not one. */
  static final int MAX_RECORD = 64 << 20;

  private final Workspace ws;
  private final RemoteStore remote;
  private final RunStore runs;
  private final int jobs;

  public ExperimentTransfer(Workspace ws, RemoteStore remote, int jobs) {
    this.ws = ws;
    this.remote = remote;
    this.runs = new RunStore(ws.project().layout().runs());
    this.jobs = Math.max(1, jobs);
  }

  /**
   * What moved.
   *
   * @param moved the runs sent or stored, by id
   * @param present the runs already where they were going
   * @param skipped one line per run left behind, saying why
   */
  public record Result(List<String> moved, List<String> present, List<String> skipped, Transfer.Result objects) {}

  /** Pushes the runs named (every finished run when none) that the remote lacks, objects first. */
  public Result push(Transfer transfer, List<String> refs) {
    List<RunRecord> chosen = refs.isEmpty() ? runs.all() : refs.stream().map(runs::get).distinct().toList();
    Set<String> there = listRemote();
    List<RunRecord> send = new ArrayList<>();
    List<String> present = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Workspace.Target> targets = new ArrayList<>();
    for (RunRecord r : chosen) {
      if (RunRecord.RUNNING.equals(r.status())) {
        skipped.add("run " + r.label() + " is still running; not pushed");
      } else if (there.contains(r.id())) {
        present.add(r.id());
      } else {
        List<Output> objects = objects(r);
        List<String> lacking = objects.stream().filter(o -> !ws.store().contains(o.sha256())).map(Output::path).toList();
        if (!lacking.isEmpty()) {
          skipped.add("run " + r.label() + " names objects the cache no longer holds (" + String.join(", ", lacking)
              + "); not pushed");
          continue;
        }
        send.add(r);
        objects.forEach(o -> targets.add(target(o)));
      }
    }
    Transfer.Result objects = transfer.push(targets);
    Parallel.map(send, jobs, r -> {
      try {
        remote.uploadExperiment(r.id(), RunStore.toBytes(r));
      } catch (IOException e) {
        throw new RemoteException("cannot push run " + r.label() + " to remote '" + remote.name() + "': "
            + io.mlctl.core.io.IoReasons.of(e), null, e);
      }
      return null;
    });
    return new Result(send.stream().map(RunRecord::id).toList(), present, skipped, objects);
  }

  /**
   * Pulls the remote's runs named (by id, unique id prefix or name; all when none) that this
   * project lacks, with their objects, each verified as it arrives.
   */
  public Result pull(Transfer transfer, List<String> refs) {
    List<RunRecord> remoteRuns = list();
    List<RunRecord> chosen = refs.isEmpty() ? remoteRuns : refs.stream().map(ref -> pick(remoteRuns, ref)).distinct().toList();
    List<String> present = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<RunRecord> want = new ArrayList<>();
    for (RunRecord r : chosen) {
      if (runs.read(r.id()).isPresent()) {
        present.add(r.id());
      } else if (RunRecord.RUNNING.equals(r.status())) {
        skipped.add("run " + r.label() + " on remote '" + remote.name() + "' is still running; not pulled");
      } else {
        want.add(r);
      }
    }
    // Parameter files and the lock first: the lock says which outputs are folders.
    List<Workspace.Target> first = new ArrayList<>();
    want.forEach(r -> files(r).forEach(o -> first.add(target(o))));
    Transfer.Result a = transfer.fetch(first);
    List<Workspace.Target> second = new ArrayList<>();
    want.forEach(r -> outputs(r).forEach(o -> second.add(target(o))));
    Transfer.Result b = transfer.fetch(second);
    List<String> moved = new ArrayList<>();
    for (RunRecord r : want) {
      List<String> lacking = objects(r).stream().filter(o -> !ws.store().contains(o.sha256())).map(Output::path).toList();
      if (!lacking.isEmpty()) {
        skipped.add("run " + r.label() + " names objects remote '" + remote.name() + "' lacks ("
            + String.join(", ", lacking) + "); not stored");
        continue;
      }
      runs.put(r);
      moved.add(r.id());
    }
    Transfer.Result objects = new Transfer.Result(a.transferred() + b.transferred(), a.bytes() + b.bytes(),
        a.skipped() + b.skipped(), List.of(), b.requests());
    return new Result(moved, present, skipped, objects);
  }

  /** The runs the remote holds, oldest first; a record that does not parse is an error naming it. */
  public List<RunRecord> list() {
    List<String> ids = listRemote().stream().sorted().toList();
    List<RunRecord> out = new ArrayList<>(Parallel.map(ids, jobs, id -> {
      byte[] bytes;
      String shown = "remote '" + remote.name() + "': " + RemoteStore.EXPERIMENTS + id + ".json";
      try {
        bytes = remote.downloadExperiment(id, MAX_RECORD);
      } catch (NoSuchFileException gone) {
        return null;
      } catch (IOException e) {
        throw new RemoteException("cannot fetch run " + id + " from remote '" + remote.name() + "': "
            + io.mlctl.core.io.IoReasons.of(e), null, e);
      }
      if (bytes.length > MAX_RECORD) {
        throw new BadInputException(shown + ": larger than " + MAX_RECORD + " bytes; not a run record", null);
      }
      RunRecord r = RunStore.fromBytes(bytes, shown);
      if (!r.id().equals(id)) {
        throw new BadInputException(shown + ": holds run " + r.id() + ", not " + id, null);
      }
      return r;
    }));
    out.removeIf(java.util.Objects::isNull);
    out.sort(java.util.Comparator.comparing((RunRecord r) -> r.started() == null ? "" : r.started())
        .thenComparing(RunRecord::id));
    return out;
  }

  private RunRecord pick(List<RunRecord> remoteRuns, String ref) {
    for (RunRecord r : remoteRuns) {
      if (r.id().equals(ref)) {
        return r;
      }
    }
    List<RunRecord> named = remoteRuns.stream().filter(r -> ref.equals(r.name())).toList();
    List<RunRecord> matches = named.isEmpty() ? remoteRuns.stream().filter(r -> r.id().startsWith(ref)).toList() : named;
    if (matches.size() > 1) {
      throw new BadInputException("run '" + ref + "' is ambiguous on remote '" + remote.name() + "': "
          + String.join(", ", matches.stream().map(RunRecord::id).toList()), "give the run's id");
    }
    if (matches.isEmpty()) {
      throw new BadInputException("no run '" + ref + "' on remote '" + remote.name() + "'",
          "mlctl exp show --all-remote lists the remote's runs");
    }
    return matches.get(0);
  }

  /** Every object a run names: its parameter files, its lock and its outputs. */
  private List<Output> objects(RunRecord r) {
    List<Output> out = new ArrayList<>(files(r));
    out.addAll(outputs(r));
    return out;
  }

  /** The run's parameter files and lock, as file objects. */
  private List<Output> files(RunRecord r) {
    List<Output> out = new ArrayList<>();
    r.paramFiles().forEach((path, hash) -> out.add(Output.file(path, hash, Math.max(0, ws.store().size(hash)))));
    if (r.lockFile() != null) {
      out.add(Output.file(LockFile.NAME, r.lockFile(), Math.max(0, ws.store().size(r.lockFile()))));
    }
    return out;
  }

  /** The run's outputs, with what its lock (when the cache holds it) says of each, folders included. */
  private List<Output> outputs(RunRecord r) {
    Map<String, Output> out = new LinkedHashMap<>();
    if (r.lockFile() != null && ws.store().contains(r.lockFile())) {
      Map<String, LockEntry> lock = LockFile.parse(new String(ws.store().readVerified(r.lockFile()), StandardCharsets.UTF_8),
          "the mlctl.lock of run " + r.id());
      for (LockEntry e : lock.values()) {
        e.outs().stream().filter(o -> o.sha256().equals(r.outs().get(o.path()))).forEach(o -> out.put(o.path(), o));
      }
    }
    r.outs().forEach((path, hash) -> out.putIfAbsent(path, Output.file(path, hash, Math.max(0, ws.store().size(hash)))));
    return new ArrayList<>(out.values());
  }

  private static Workspace.Target target(Output o) {
    return new Workspace.Target(new Tracked(null, o, null, o.path()), null);
  }

  private Set<String> listRemote() {
    try {
      return remote.experimentIds();
    } catch (IOException e) {
      throw new RemoteException("remote '" + remote.name() + "' is unreachable: cannot list its runs: "
          + io.mlctl.core.io.IoReasons.of(e), null, e);
    }
  }
}
