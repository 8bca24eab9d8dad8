package io.mlctl.core.remote;

import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Tracked;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.RunCache;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.util.Parallel;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves run-cache entries between {@code .mlctl/cache/runs/} and a remote's {@code runs/}, beside
 * the objects they name, which travel through {@link Transfer} like any other object. An entry is
 * not named by its content, so nothing but parsing can vouch for it: an entry that does not parse
 * is never sent and never stored. The remote's entries are listed once; each missing entry costs
 * one request. An entry goes after its objects, both ways, so neither side ever holds an entry
 * whose objects it lacks. Not thread-safe; its transfers run {@code jobs} at a time.
 */
public final class RunTransfer {
  /** Entries list a stage's outputs: anything larger than this is not one. */
  static final int MAX_ENTRY = 4 << 20;

  private final Workspace ws;
  private final RemoteStore remote;
  private final RunCache runs;
  private final int jobs;

  public RunTransfer(Workspace ws, RemoteStore remote, int jobs) {
    this.ws = ws;
    this.remote = remote;
    this.runs = new RunCache(ws);
    this.jobs = Math.max(1, jobs);
  }

  /**
   * Entries to move and the objects they name, as targets for {@link Transfer}.
   *
   * @param entries the entries, parsed
   * @param targets their outputs, for {@link Transfer#push} or {@link Transfer#fetch}
   * @param present entries already where they were going
   * @param skipped one line per entry left behind, saying why
   */
  public record Plan(List<RunCache.Entry> entries, List<Workspace.Target> targets, long present, List<String> skipped) {}

  /**
   * What moved.
   *
   * @param entries entries sent or stored
   * @param present entries already where they were going
   * @param skipped one line per entry left behind, saying why
   */
  public record Result(long entries, long present, List<String> skipped) {}

  /** What {@link #push(Transfer, List)} and {@link #fetch(Transfer, List)} moved: objects, then entries. */
  public record Both(Transfer.Result objects, Result runs) {}

  /**
   * Pushes the objects of {@code data} and the entries the remote lacks with their objects, in one
   * pass over the objects of both; then the entries, so the remote never lists an entry it cannot
   * serve. The caller holds the repository lock.
   */
  public Both push(Transfer transfer, List<Workspace.Target> data) {
    Plan plan = planPush();
    List<Workspace.Target> all = new ArrayList<>(data);
    all.addAll(plan.targets());
    Transfer.Result objects = transfer.push(all);
    return new Both(objects, push(plan));
  }

  /**
   * Fetches the objects of {@code data}, then the remote's entries the run cache lacks and their
   * objects, each verified as it arrives. An entry whose objects the remote lacks is skipped with a
   * note: that is not the user's data going missing, so it is not in the result's {@code missing}.
   * The caller holds the repository lock.
   */
  public Both fetch(Transfer transfer, List<Workspace.Target> data) {
    Transfer.Result received = transfer.fetch(data);
    Plan plan = planFetch();
    Transfer.Result objects = transfer.fetch(plan.targets());
    Result runs = store(plan);
    return new Both(new Transfer.Result(received.transferred() + objects.transferred(),
        received.bytes() + objects.bytes(), received.skipped() + objects.skipped(), received.missing(),
        objects.requests()), runs);
  }

  /**
   * The local entries the remote lacks whose objects the cache holds. An entry the cache cannot
   * restore (damaged, or naming an object no longer held) would be useless anywhere else too.
   */
  public Plan planPush() {
    List<String> local = runs.keys();
    if (local.isEmpty()) {
      return new Plan(List.of(), List.of(), 0, List.of());
    }
    Set<String> there = listRemote();
    List<RunCache.Entry> send = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    long present = 0;
    for (String key : local) {
      if (there.contains(key)) {
        present++;
        continue;
      }
      Optional<RunCache.Entry> e = runs.read(key);
      if (e.isEmpty()) {
        skipped.add("run-cache entry " + name(key) + " is damaged; not pushed");
      } else if (!runs.objectsPresent(e.get().outputs())) {
        skipped.add("run-cache entry " + name(key) + " names objects the cache no longer holds; not pushed");
      } else {
        send.add(e.get());
      }
    }
    return new Plan(send, targets(send), present, skipped);
  }

  /** Sends the planned entries; call it once their objects are on the remote. */
  public Result push(Plan plan) {
    Parallel.map(plan.entries(), jobs, e -> {
      try {
        remote.uploadRun(e.key(), e.bytes());
      } catch (IOException failed) {
        throw new RemoteException("cannot push run-cache entry " + name(e.key()) + " to remote '" + remote.name()
            + "': " + failed.getMessage(), null, failed);
      }
      return null;
    });
    return new Result(plan.entries().size(), plan.present(), plan.skipped());
  }

  /**
   * The remote's entries that the local run cache lacks, downloaded and parsed; one that does not
   * parse is left out with a note, and nothing of it is written.
   */
  public Plan planFetch() {
    Set<String> local = new HashSet<>(runs.keys());
    List<String> want = new ArrayList<>();
    long present = 0;
    for (String key : listRemote().stream().sorted().toList()) {
      if (local.contains(key)) {
        present++;
      } else {
        want.add(key);
      }
    }
    List<Object> got = Parallel.map(want, jobs, key -> {
      byte[] bytes;
      try {
        bytes = remote.downloadRun(key, MAX_ENTRY);
      } catch (NoSuchFileException gone) {
        return "run-cache entry " + name(key) + " vanished from remote '" + remote.name() + "' while fetching; skipped";
      } catch (IOException failed) {
        throw new RemoteException("cannot fetch run-cache entry " + name(key) + " from remote '" + remote.name()
            + "': " + failed.getMessage(), null, failed);
      }
      if (bytes.length > MAX_ENTRY) {
        return damaged(key, "larger than " + MAX_ENTRY + " bytes");
      }
      try {
        return new RunCache.Entry(key, bytes, RunCache.parse(bytes));
      } catch (IllegalArgumentException bad) {
        return damaged(key, bad.getMessage());
      }
    });
    List<RunCache.Entry> entries = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Object o : got) {
      if (o instanceof RunCache.Entry e) {
        entries.add(e);
      } else {
        skipped.add((String) o);
      }
    }
    return new Plan(entries, targets(entries), present, skipped);
  }

  /**
   * Stores the planned entries whose objects are now in the cache (fetched and verified by
   * {@link Transfer#fetch}); the others would never restore, so they are left out with a note.
   */
  public Result store(Plan plan) {
    List<String> skipped = new ArrayList<>(plan.skipped());
    long stored = 0;
    for (RunCache.Entry e : plan.entries()) {
      if (runs.objectsPresent(e.outputs())) {
        runs.put(e);
        stored++;
      } else {
        skipped.add("run-cache entry " + name(e.key()) + " names objects remote '" + remote.name()
            + "' lacks; not stored");
      }
    }
    return new Result(stored, plan.present(), skipped);
  }

  private String damaged(String key, String why) {
    return "run-cache entry " + name(key) + " on remote '" + remote.name() + "' is damaged (" + why + "); skipped";
  }

  private static String name(String key) {
    return "runs/" + key.substring(0, 2) + "/" + key.substring(2);
  }

  private Set<String> listRemote() {
    try {
      return remote.runKeys();
    } catch (IOException e) {
      throw new RemoteException("remote '" + remote.name() + "' is unreachable: cannot list its run cache: "
          + io.mlctl.core.io.IoReasons.of(e), null, e);
    }
  }

  /** The outputs of the entries, as targets named by their paths in the work tree. */
  private static List<Workspace.Target> targets(List<RunCache.Entry> entries) {
    List<Workspace.Target> out = new ArrayList<>();
    for (RunCache.Entry e : entries) {
      for (Output o : e.outputs()) {
        out.add(new Workspace.Target(new Tracked(null, o, null, o.path()), null));
      }
    }
    return out;
  }
}
