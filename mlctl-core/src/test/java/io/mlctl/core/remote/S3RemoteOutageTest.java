package io.mlctl.core.remote;

import static io.mlctl.core.remote.RemoteTestProject.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Fsck;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 server dies in the middle of a fetch. Each test starts a server of its own, since it
 * kills it.
 */
final class S3RemoteOutageTest {
  private static final int FILES = 500;

  @TempDir
  Path tmp;

  private final S3ProxyServer s3 = new S3ProxyServer();

  @BeforeEach
  void start() throws Exception {
    s3.start();
  }

  @AfterEach
  void stop() {
    s3.close();
  }

  @Test
  void fetch_whenRemoteDiesBetweenObjects_failsAndLeavesOnlyIntactObjects() throws Exception {
    RemoteTestProject a = RemoteTestProject.init(tmp.resolve("a"));
    for (int i = 0; i < FILES; i++) {
      a.write("shards/s" + i + ".bin", bytes(64 << 10, i));
    }
    a.add("shards");
    s3.addRemote(a.project(), "origin", "outage");
    assertEquals(FILES + 1, a.push("origin", 16).transferred());
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    // Kill the server from another thread once a few objects have arrived: mid-fetch for sure.
    CountDownLatch arriving = new CountDownLatch(20);
    Thread killer = new Thread(() -> {
      try {
        arriving.await(30, TimeUnit.SECONDS);
        s3.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "s3proxy-killer");
    killer.start();

    Workspace ws = b.ws();
    RemoteException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(RemoteException.class, () -> {
      try (RemoteStore store = b.open("origin"); RepoLock lock = b.project().lock()) {
        new Transfer(ws, store, 4).progress(counting(arriving)).fetch(Transfer.targets(ws, b.root(), List.of()));
      }
    }));
    killer.join();

    assertFalse(s3.running());
    assertTrue(e.getMessage().contains("origin"), e.getMessage());
    int cached = b.ws().store().list().size();
    assertTrue(cached > 1 && cached < FILES + 1, "the fetch stopped midway, with " + cached + " objects in the cache");
    assertTrue(new Fsck(b.ws()).call().ok(), "only intact objects reached the cache");
    // The next command that writes clears what the broken fetch left in .mlctl/tmp.
    b.write("more.csv", "a,b\n");
    b.add("more.csv");
    assertEquals(List.of(), b.tempFiles());
  }

  @Test
  void fetch_whenRemoteDiesInTheMiddleOfAnObject_failsNamingTheRemote_andKeepsNoPartOfIt() throws Exception {
    RemoteTestProject a = RemoteTestProject.init(tmp.resolve("a"));
    a.write("model.bin", bytes(48 << 20, 3));
    a.add("model.bin");
    String h = a.hashOf("model.bin");
    s3.addRemote(a.project(), "origin", "midobject");
    a.push("origin", 1);
    RemoteTestProject b = a.cloneTo(tmp.resolve("b"));
    // Kill the server once the first megabytes of the object have landed in .mlctl/tmp.
    Thread killer = new Thread(() -> {
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && b.tempFiles().stream().noneMatch(p -> size(p) > (4 << 20))) {
          Thread.sleep(1);
        }
        s3.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "s3proxy-killer");
    killer.start();

    RemoteException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> assertThrows(RemoteException.class, () -> b.fetch("origin", 1)));
    killer.join();

    assertFalse(s3.running());
    assertTrue(e.getMessage().contains("origin"), e.getMessage());
    // A connection cut short is the network's fault, not a damaged object.
    assertFalse(e.getMessage().contains("damaged"), e.getMessage());
    assertFalse(b.cached(h));
    assertEquals(List.of(), b.tempFiles());
    assertTrue(new Fsck(b.ws()).call().ok());
  }

  @Test
  void push_whenRemoteDiesMidway_failsNamingTheRemote_andOnceItIsBackSendsOnlyWhatDidNotArrive() throws Exception {
    RemoteTestProject a = RemoteTestProject.init(tmp.resolve("a"));
    for (int i = 0; i < FILES; i++) {
      a.write("shards/s" + i + ".bin", bytes(64 << 10, 1000 + i));
    }
    a.add("shards");
    s3.addRemote(a.project(), "origin", "pushoutage");
    CountDownLatch arriving = new CountDownLatch(20);
    Thread killer = new Thread(() -> {
      try {
        arriving.await(30, TimeUnit.SECONDS);
        s3.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "s3proxy-killer");
    killer.start();

    Workspace ws = a.ws();
    RemoteException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(RemoteException.class, () -> {
      try (RemoteStore store = a.open("origin"); RepoLock lock = a.project().lock()) {
        new Transfer(ws, store, 4).progress(counting(arriving)).push(Transfer.targets(ws, a.root(), List.of()));
      }
    }));
    killer.join();
    assertFalse(s3.running());
    assertTrue(e.getMessage().contains("'origin'"), e.getMessage());

    s3.restart();
    List<String> arrived = objectKeys("pushoutage/sha256/");
    assertTrue(arrived.size() >= 20 && arrived.size() < FILES + 1, arrived.size() + " objects arrived");
    for (String key : arrived) {
      String hash = key.substring("pushoutage/sha256/".length()).replace("/", "");
      byte[] got = s3.client().getObjectAsBytes(r -> r.bucket(S3ProxyServer.BUCKET).key(key)).asByteArray();
      assertEquals(hash, io.mlctl.core.store.Sha256.of(got), "a damaged object on the remote: " + key);
    }

    Transfer.Result again = a.push("origin", 4);

    assertEquals(FILES + 1 - arrived.size(), again.transferred(), "objects sent again");
    assertEquals(arrived.size(), again.skipped());
    assertEquals(FILES + 1, objectKeys("pushoutage/sha256/").size());
  }

  /**
   * The keys under {@code prefix} named as objects: s3proxy's file-system store, killed, keeps the
   * files it was writing under names of its own ({@code HASH-UUID}), which no S3 service has.
   */
  private List<String> objectKeys(String prefix) {
    return s3.keys(prefix).stream()
        .filter(k -> io.mlctl.core.store.Sha256.isHash(k.substring(prefix.length()).replace("/", ""))).toList();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException gone) {
      return 0;
    }
  }

  private static Progress counting(CountDownLatch arriving) {
    return new Progress() {
      @Override
      public void start(String label, long files, long bytes) {}

      @Override
      public void advance(long files, long bytes) {
        // one count per object that arrived; the bytes inside an object are reported as they move
        for (long i = 0; i < files; i++) {
          arriving.countDown();
        }
      }

      @Override
      public void done() {}
    };
  }
}
