package io.mlctl.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Add;
import io.mlctl.core.data.Checkout;
import io.mlctl.core.data.Fsck;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.FaultyFileSystem;
import io.mlctl.core.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A folder remote whose disk fills up or whose folder turns read-only in the middle of a push, and
 * a cache whose disk fills up in the middle of a fetch: the transfer fails naming the remote, the
 * file and the reason; only whole objects are left on either side; and the next transfer, once the
 * fault is gone, moves only what did not arrive.
 */
class FolderRemoteFaultsTest {
  private static final int FILES = 20;
  private static final int SIZE = 10_000;

  private FaultyFileSystem fs;
  private TestRepo repo;
  private Path remoteDir;

  @BeforeEach
  void setUp() {
    fs = FaultyFileSystem.wrap(TestRepo.newFileSystem());
    repo = TestRepo.gen(fs, Map.of());
    remoteDir = fs.getPath("/remote");
    Random r = new Random(7);
    for (int i = 0; i < FILES; i++) {
      byte[] b = new byte[SIZE];
      r.nextBytes(b);
      repo.write("shards/" + i + ".bin", b);
    }
    new Add(repo.workspace()).call(repo.root(), List.of("shards"));
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private Transfer.Result push(int jobs) {
    Workspace ws = repo.workspace();
    try (RemoteStore store = new FolderRemote("origin", remoteDir); RepoLock lock = repo.project().lock()) {
      return new Transfer(ws, store, jobs).push(Transfer.targets(ws, repo.root(), List.of()));
    }
  }

  private Transfer.Result fetch(int jobs) {
    Workspace ws = repo.workspace();
    try (RemoteStore store = new FolderRemote("origin", remoteDir); RepoLock lock = repo.project().lock()) {
      return new Transfer(ws, store, jobs).fetch(Transfer.targets(ws, repo.root(), List.of()));
    }
  }

  /** The files on the remote: each object's name checked against its bytes, and no temporary file. */
  private int wholeObjectsOnTheRemote() throws IOException {
    if (!Files.isDirectory(remoteDir)) {
      return 0;
    }
    int n = 0;
    try (Stream<Path> all = Files.walk(remoteDir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String name = p.getParent().getFileName().toString() + p.getFileName();
        assertTrue(Sha256.isHash(name), "not an object: " + p);
        assertEquals(name, Sha256.of(Files.readAllBytes(p)), "a damaged object on the remote: " + p);
        n++;
      }
    }
    return n;
  }

  private List<String> cacheTemps() throws IOException {
    Path tmp = repo.path(".mlctl/tmp");
    try (Stream<Path> all = Files.list(tmp)) {
      return all.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lock")).toList();
    }
  }

  @ParameterizedTest(name = "{0} jobs")
  @ValueSource(ints = {1, 4})
  void push_whenTheRemoteFillsUpMidway_failsNamingTheRemote_andTheNextPushSendsOnlyWhatDidNotArrive(int jobs)
      throws IOException {
    fs.fillUpAfter(remoteDir, 95_000);

    RemoteException e = assertThrows(RemoteException.class, () -> push(jobs));

    assertTrue(e.getMessage().matches("cannot push 'shards(/\\d+\\.bin)?' to remote 'origin': no space left on device"),
        e.getMessage());
    int arrived = wholeObjectsOnTheRemote();
    assertTrue(arrived > 0 && arrived < FILES, arrived + " objects arrived");

    fs.heal();
    long before = fs.bytesWritten();
    Transfer.Result again = push(jobs);

    assertEquals(FILES + 1 - arrived, again.transferred(), "objects sent again");
    assertEquals(arrived, again.skipped());
    assertEquals(FILES + 1, wholeObjectsOnTheRemote());
    assertTrue(fs.bytesWritten() - before < (FILES - arrived + 1) * (long) SIZE + 10_000,
        "wrote " + (fs.bytesWritten() - before) + " bytes for " + (FILES + 1 - arrived) + " objects");
  }

  @ParameterizedTest(name = "{0} jobs")
  @ValueSource(ints = {1, 4})
  void push_whenTheRemoteFolderIsReadOnly_saysPermissionDenied_andThePushWorksOnceItIsWritable(int jobs) throws IOException {
    Files.createDirectories(remoteDir);
    fs.deny(remoteDir);

    RemoteException e = assertThrows(RemoteException.class, () -> push(jobs));

    assertTrue(e.getMessage().startsWith("cannot push 'shards"), e.getMessage());
    assertTrue(e.getMessage().contains("to remote 'origin': /remote/sha256"), e.getMessage());
    assertTrue(e.getMessage().endsWith(": permission denied"), e.getMessage());
    assertEquals(0, wholeObjectsOnTheRemote());

    fs.heal();
    assertEquals(FILES + 1, push(jobs).transferred());
    assertEquals(FILES + 1, wholeObjectsOnTheRemote());
  }

  @ParameterizedTest(name = "{0} jobs")
  @ValueSource(ints = {1, 4})
  void fetch_whenTheCacheFillsUpMidway_keepsOnlyWholeObjects_andTheNextFetchReceivesOnlyTheRest(int jobs)
      throws IOException {
    push(jobs);
    deleteTree(repo.path(".mlctl/cache"));
    deleteTree(repo.path("shards"));
    fs.fillUpAfter(repo.path(".mlctl"), 95_000);

    RemoteException e = assertThrows(RemoteException.class, () -> fetch(jobs));

    assertTrue(e.getMessage().matches("cannot fetch 'shards/\\d+\\.bin' from remote 'origin' into /work/repo/\\.mlctl/cache: no space left on device"),
        e.getMessage());
    int kept = repo.workspace().store().list().size();
    assertTrue(kept > 1 && kept < FILES + 1, kept + " objects in the cache");
    assertEquals(List.of(), new Fsck(repo.workspace()).call().damaged());
    assertEquals(List.of(), cacheTemps());

    fs.heal();
    Transfer.Result again = fetch(jobs);

    assertEquals(FILES + 1 - kept, again.transferred(), "objects received again");
    assertEquals(FILES + 1, repo.workspace().store().list().size());
    new Checkout(repo.workspace()).call(repo.root(), List.of());
    try (Stream<Path> files = Files.list(repo.path("shards"))) {
      assertEquals(FILES, files.count());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
