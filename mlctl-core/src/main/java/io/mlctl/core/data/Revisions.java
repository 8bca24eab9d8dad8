package io.mlctl.core.data;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.util.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tracked outputs and their files at a Git revision (read through JGit, the work tree untouched)
 * or in the work tree as it is now.
 */
final class Revisions {
  /** Marks a directory whose manifest is not in the cache: it can only be compared as a whole. */
  static final String WHOLE_DIR = "dir:";

  private final Workspace ws;

  Revisions(Workspace ws) {
    this.ws = ws;
  }

  /** A tracked output: its path from the project root and what its pointer records. */
  record Listed(String path, Output output) {}

  /** The outputs the pointers record at {@code rev}, sorted by path. */
  List<Listed> outputsAt(String rev) {
    List<Listed> out = new ArrayList<>();
    try (GitRepo git = git()) {
      git.filesAt(rev, PointerFile.SUFFIX).forEach((pointerPath, text) -> {
        String shownAs = rev + ":" + pointerPath;
        // The pointer's folder with its '/', or "" for one at the root (no '/': index -1).
        String dir = pointerPath.substring(0, pointerPath.lastIndexOf('/') + 1);
        for (Output o : PointerFile.parse(text, shownAs)) {
          String path = dir + o.path();
          String problem = PathSafety.rootProblem(path);
          if (problem != null) {
            throw new BadInputException(shownAs + ": " + problem, null);
          }
          out.add(new Listed(path, o));
        }
      });
    }
    out.sort((a, b) -> Manifest.PATH_ORDER.compare(a.path(), b.path()));
    return out;
  }

  /** The outputs the work tree's pointers record. */
  List<Listed> outputsNow() {
    List<Listed> out = new ArrayList<>();
    for (Tracked t : ws.tracked()) {
      out.add(new Listed(t.path(), t.output()));
    }
    return out;
  }

  /** File path to hash for every file the pointers at {@code rev} record. */
  Map<String, String> filesAt(String rev) {
    Map<String, String> files = new TreeMap<>(Manifest.PATH_ORDER);
    for (Listed l : outputsAt(rev)) {
      expand(l, files);
    }
    return files;
  }

  /** File path to hash of the data in the work tree now (missing files are absent). */
  Map<String, String> filesNow() {
    Map<String, String> files = new TreeMap<>(Manifest.PATH_ORDER);
    for (Tracked t : ws.tracked()) {
      if (!t.output().dir()) {
        hashNow(t.path(), t.data()).ifPresent(h -> files.put(t.path(), h));
        continue;
      }
      List<Workspace.Found> found = ws.scan(t.data());
      List<String> hashes = Parallel.map(found, ws.threads(),
          f -> ws.hashOf(f.file(), t.path() + "/" + f.path(), f.stat()));
      for (int i = 0; i < found.size(); i++) {
        files.put(t.path() + "/" + found.get(i).path(), hashes.get(i));
      }
    }
    ws.hashes().flush();
    return files;
  }

  private void expand(Listed l, Map<String, String> files) {
    if (!l.output().dir()) {
      files.put(l.path(), l.output().sha256());
      return;
    }
    Optional<Manifest> m = ws.manifest(l.output().sha256(), l.path());
    if (m.isEmpty()) {
      files.put(l.path(), WHOLE_DIR + l.output().sha256());
      return;
    }
    for (Manifest.Entry e : m.get().entries()) {
      files.put(l.path() + "/" + e.path(), e.sha256());
    }
  }

  private Optional<String> hashNow(String rel, java.nio.file.Path file) {
    try {
      return Optional.of(ws.hashOf(file, rel, FileStat.of(Files.readAttributes(file,
          java.nio.file.attribute.BasicFileAttributes.class))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw io.mlctl.core.StorageException.of("read", file, e);
    }
  }

  GitRepo git() {
    return GitRepo.open(ws.root()).orElseThrow(() -> new BadInputException(
        "'" + ws.root() + "' is not in a Git repository", "revisions need Git: this project was made with --no-git"));
  }
}
