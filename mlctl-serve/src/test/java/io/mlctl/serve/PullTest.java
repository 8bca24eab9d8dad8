package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.RemoteException;
import io.mlctl.core.StorageException;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --pull}: a registered version missing from the cache comes from the default remote. */
class PullTest {
  @TempDir
  Path tmp;

  TestProject project;
  List<String> objects;
  Path remote;

  @BeforeEach
  void setUp() throws IOException {
    project = TestProject.create(tmp.resolve("p"));
    remote = tmp.resolve("remote");
    try (Project p = project.project()) {
      new Remotes(p).add("origin", remote.toString(), true);
      ModelRegistry reg = new ModelRegistry(p);
      ModelVersion v = reg.version(reg.get("points"), "production");
      objects = List.of(v.sha256(), v.cardSha256());
      for (String h : objects) {
        // The remote has the cache's layout; the cache then loses the objects, as in a fresh clone.
        Path target = remote.resolve("sha256").resolve(h.substring(0, 2)).resolve(h.substring(2));
        Files.createDirectories(target.getParent());
        Files.copy(reg.store().path(h), target);
        Files.delete(reg.store().path(h));
      }
    }
  }

  private boolean cached(String h) {
    try (Project p = project.project()) {
      return new ModelRegistry(p).store().contains(h);
    }
  }

  @Test
  void withoutPull_aModelMissingFromTheCacheIsAnError() {
    StorageException e = assertThrows(StorageException.class, () -> project.source(false).load("points@production"));
    assertTrue(e.getMessage().contains("not in the cache"), e.getMessage());
  }

  @Test
  void withPull_itIsFetchedFromTheDefaultRemoteAndServed() {
    ServedModel m = project.source(true).load("points@production");
    assertEquals("v1", m.version());
    assertTrue(cached(objects.get(0)) && cached(objects.get(1)));
  }

  @Test
  void withPull_anObjectTheRemoteLacksIsARemoteError() throws IOException {
    Files.delete(remote.resolve("sha256").resolve(objects.get(0).substring(0, 2)).resolve(objects.get(0).substring(2)));
    RemoteException e = assertThrows(RemoteException.class, () -> project.source(true).load("points@production"));
    assertTrue(e.getMessage().contains("points@v1"), e.getMessage());
    assertFalse(cached(objects.get(0)));
  }
}
