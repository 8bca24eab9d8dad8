package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlctl.core.status.StatusResult.ChangedPath;
import io.mlctl.core.status.StatusResult.State;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataStatusTest {
  private TestRepo repo;

  @BeforeEach
  void setUp() {
    repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n", "images/a.png", "a", "images/b.png", "b"));
    new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv", "images"));
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private List<ChangedPath> status() {
    return new DataStatus(repo.workspace()).all();
  }

  @Test
  void status_afterAdd_isClean() {
    assertEquals(List.of(), status());
  }

  @Test
  void status_namesEachChangedFile() {
    repo.write("data/raw.csv", "changed");
    repo.delete("images/a.png");
    repo.write("images/new.png", "n");

    assertEquals(List.of(
        new ChangedPath("data/raw.csv", State.MODIFIED),
        new ChangedPath("images/a.png", State.DELETED),
        new ChangedPath("images/new.png", State.NEW)), status());
  }

  @Test
  void status_ofSameSizeEditWithNewMtime_isModified() {
    repo.write("images/b.png", "B");

    assertEquals(List.of(new ChangedPath("images/b.png", State.MODIFIED)), status());
  }

  @Test
  void status_whenObjectLeftTheCache_isNotInCache() throws Exception {
    String h = Sha256.of("1,2\n".getBytes(StandardCharsets.UTF_8));
    Files.delete(repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));

    assertEquals(List.of(new ChangedPath("data/raw.csv", State.NOT_IN_CACHE)), status());
  }

  @Test
  void status_ofATargetInsideADirectory_looksOnlyThere() {
    repo.write("images/a.png", "A!");
    repo.write("images/b.png", "B!");
    Workspace ws = repo.workspace();

    List<ChangedPath> r = new DataStatus(ws).of(List.of(ws.resolve(repo.root(), "images/b.png")));

    assertEquals(List.of(new ChangedPath("images/b.png", State.MODIFIED)), r);
  }
}
