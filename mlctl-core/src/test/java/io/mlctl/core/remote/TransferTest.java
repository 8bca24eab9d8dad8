package io.mlctl.core.remote;

import static io.mlctl.core.remote.RemoteTestProject.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.util.Progress;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a transfer tells its progress display and in which order it sends objects to a folder remote. */
class TransferTest {
  static final String CSV = "x,y\n1,2\n3,4\n";

  @TempDir
  Path tmp;

  private RemoteTestProject a;
  private Path remote;

  /** Every call, as text: start LABEL FILES BYTES, advance FILES BYTES, done. */
  private static final class Recorder implements Progress {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void start(String label, long files, long bytes) {
      events.add("start " + label + " " + files + " " + bytes);
    }

    @Override
    public void advance(long files, long bytes) {
      events.add("advance " + files + " " + bytes);
    }

    @Override
    public void done() {
      events.add("done");
    }
  }

  /** Advance events in the order of their byte counts: parallel uploads finish in any order. */
  /**
   * A file's advances folded into one ("advance 1 BYTES"): bytes move the bar while a file is read
   * ("advance 0 N"), then the file counts with what was not yet said. One worker: files do not interleave.
   */
  private static List<String> perFile(List<String> events) {
    List<String> out = new java.util.ArrayList<>();
    long bytes = 0;
    for (String e : events) {
      String[] f = e.split(" ");
      if (!f[0].equals("advance")) {
        out.add(e);
        continue;
      }
      bytes += Long.parseLong(f[2]);
      if (f[1].equals("1")) {
        out.add("advance 1 " + bytes);
        bytes = 0;
      }
    }
    return out;
  }

  private static List<String> byBytes(List<String> advances) {
    return advances.stream().sorted(java.util.Comparator.comparingLong(e -> Long.parseLong(e.split(" ")[2]))).toList();
  }

  @BeforeEach
  void project() {
    a = RemoteTestProject.init(tmp.resolve("a"));
    a.write("data/raw.csv", CSV);
    a.write("images/a.png", bytes(1000, 1));
    a.write("images/sub/b.png", bytes(3000, 2));
    a.add("data/raw.csv", "images");
    remote = tmp.resolve("remote");
    new Remotes(a.project()).add("origin", remote.toString(), false);
  }

  /** The remote, with the hashes it is sent recorded in order. */
  private static RemoteStore recording(RemoteStore real, List<String> uploads) {
    return (RemoteStore) Proxy.newProxyInstance(RemoteStore.class.getClassLoader(), new Class<?>[] {RemoteStore.class},
        (proxy, m, args) -> {
          if (m.getName().equals("upload")) {
            uploads.add((String) args[0]);
          }
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void push_reportsEachObjectToTheProgress_andSendsTheManifestAfterTheFiles() {
    Recorder progress = new Recorder();
    List<String> uploads = new ArrayList<>();
    Workspace ws = a.ws();
    Transfer.Result r;
    try (RemoteStore store = a.open("origin"); RepoLock lock = a.project().lock()) {
      r = new Transfer(ws, recording(store, uploads), 1).progress(progress)
          .push(Transfer.targets(ws, a.root(), List.of()));
    }
    long manifest = ws.store().size(a.hashOf("images"));

    // The files' sizes are known ahead; the manifest's only once it is sent.
    assertEquals("start Pushing to origin 4 " + (CSV.length() + 1000 + 3000), progress.events.get(0));
    assertEquals(byBytes(List.of("advance 1 " + CSV.length(), "advance 1 1000", "advance 1 3000", "advance 1 " + manifest)),
        byBytes(progress.events.subList(1, 5)));
    assertEquals("done", progress.events.get(5));
    assertEquals(6, progress.events.size());
    assertEquals(a.hashOf("images"), uploads.get(uploads.size() - 1), "a remote never lists files it lacks");
    assertEquals(4, uploads.size());
    assertEquals(CSV.length() + 1000 + 3000 + manifest, r.bytes());
  }

  @Test
  void fetch_reportsTheFilesItReceives() {
    a.push("origin", 4);
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    Recorder progress = new Recorder();
    Workspace ws = b.ws();
    try (RemoteStore store = b.open("origin"); RepoLock lock = b.project().lock()) {
      new Transfer(ws, store, 1).progress(progress).fetch(Transfer.targets(ws, b.root(), List.of()));
    }

    List<String> events = perFile(progress.events);
    assertEquals("start Fetching from origin 3 " + (CSV.length() + 1000 + 3000), events.get(0));
    assertEquals(List.of("advance 1 " + CSV.length(), "advance 1 1000", "advance 1 3000"),
        byBytes(events.subList(1, 4)));
    assertEquals(List.of("done"), events.subList(4, events.size()));
  }

  @Test
  void fetch_ofADirectoryWhoseFileTheRemoteLacks_namesThatFile_andCountsTheRest() throws IOException {
    a.push("origin", 4);
    String h = a.ws().manifest(a.hashOf("images"), "images").orElseThrow().byPath().get("a.png").sha256();
    Files.delete(remote.resolve("sha256/" + h.substring(0, 2) + "/" + h.substring(2)));
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));

    Transfer.Result r = b.fetch("origin", 2);

    assertEquals(List.of("images/a.png"), r.missing());
    assertEquals(3, r.transferred(), "the manifest, raw.csv and b.png");
    assertEquals(CSV.length() + 3000 + b.ws().store().size(a.hashOf("images")), r.bytes());
  }

  /** The remote, with the name of each download method called recorded in order. */
  private static RemoteStore downloads(RemoteStore real, List<String> calls) {
    return (RemoteStore) Proxy.newProxyInstance(RemoteStore.class.getClassLoader(), new Class<?>[] {RemoteStore.class},
        (proxy, m, args) -> {
          if (m.getName().startsWith("download")) {
            calls.add(m.getName());
          }
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** Adds models/big.bin to {@code a}, 300 KiB of random bytes (past the size written with direct I/O), and pushes all. */
  private byte[] pushedBig(long seed) {
    byte[] big = bytes(300 * 1024 + 5, seed);
    a.write("models/big.bin", big);
    a.add("models/big.bin");
    a.push("origin", 4);
    return big;
  }

  /** A clone of {@code a} under {@code cacheType} that fetched everything, and the download methods it called. */
  private List<String> fetchUnder(String cacheType, String dir) {
    new io.mlctl.core.repo.ConfigStore(a.project().layout()).set("cache.type", cacheType, false);
    RemoteTestProject b = a.cloneTo(tmp.resolve(dir));
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Workspace ws = b.ws();
    try (RemoteStore store = b.open("origin"); RepoLock lock = b.project().lock()) {
      new Transfer(ws, downloads(store, calls), 2).fetch(Transfer.targets(ws, b.root(), List.of()));
    }
    new io.mlctl.core.data.Checkout(b.ws()).call(b.root(), List.of());
    return calls;
  }

  @Test
  void fetch_writesTheFilesPastThePageCache_theManifestAsUsual_andEachCacheTypeChecksOutTheSameBytes() throws IOException {
    byte[] big = pushedBig(7);

    List<String> hard = fetchUnder("hardlink", "hard");
    assertEquals(List.of("download"), hard.subList(0, 1), "the manifest, read right after to learn the directory's files");
    assertEquals(Collections.nCopies(4, "downloadCold"), hard.subList(1, hard.size()), "raw.csv, a.png, b.png and big.bin");
    Path linked = tmp.resolve("hard/models/big.bin");
    org.junit.jupiter.api.Assertions.assertArrayEquals(big, Files.readAllBytes(linked));
    assertEquals(2, Files.getAttribute(linked, "unix:nlink"), "the work tree links to the object written past the page cache");
    assertEquals(CSV, Files.readString(tmp.resolve("hard/data/raw.csv")));

    List<String> copied = fetchUnder("copy", "copied");
    assertEquals(List.of("download"), copied.subList(0, 1));
    assertEquals(Collections.nCopies(4, "downloadCold"), copied.subList(1, copied.size()), "the kernel copies each out once");
    org.junit.jupiter.api.Assertions.assertArrayEquals(big, Files.readAllBytes(tmp.resolve("copied/models/big.bin")));
    assertEquals(1, Files.getAttribute(tmp.resolve("copied/models/big.bin"), "unix:nlink"));

    fetchUnder("symlink", "sym");
    org.junit.jupiter.api.Assertions.assertArrayEquals(big, Files.readAllBytes(tmp.resolve("sym/models/big.bin")));
    assertEquals(true, Files.isSymbolicLink(tmp.resolve("sym/models/big.bin")));
  }

  @Test
  void fetch_underHardlink_ofADamagedObject_storesNothing_andRemovesTheRemotesCopy() throws IOException {
    byte[] big = pushedBig(8);
    String h = a.hashOf("models/big.bin");
    Path onRemote = remote.resolve("sha256/" + h.substring(0, 2) + "/" + h.substring(2));
    byte[] damaged = big.clone();
    damaged[200_000] ^= 1;
    onRemote.toFile().setWritable(true);
    Files.write(onRemote, damaged);
    new io.mlctl.core.repo.ConfigStore(a.project().layout()).set("cache.type", "hardlink", false);
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));

    io.mlctl.core.RemoteException e = org.junit.jupiter.api.Assertions.assertThrows(io.mlctl.core.RemoteException.class,
        () -> b.fetch("origin", 1, "models/big.bin"));

    assertEquals(true, e.getMessage().contains("object " + h + " on remote 'origin' is damaged"), e.getMessage());
    assertEquals(false, b.ws().store().contains(h));
    assertEquals(false, Files.exists(onRemote), "provably garbage under that name");
  }

  @Test
  void fetchObjects_countsWhatArrived_andNamesWhatDidNot() throws IOException {
    a.push("origin", 4);
    String raw = a.hashOf("data/raw.csv");
    Path obj = a.ws().store().path(raw);
    Files.delete(obj);
    String absent = "0".repeat(64);

    Transfer.Result r;
    try (RemoteStore store = a.open("origin"); RepoLock lock = a.project().lock()) {
      r = new Transfer(a.ws(), store, 1).fetchObjects(List.of(raw, absent));
    }

    assertEquals(1, r.transferred());
    assertEquals(CSV.length(), r.bytes());
    assertEquals(List.of(absent), r.missing());
    assertEquals(CSV, Files.readString(obj));
  }
}
