package io.mlctl.core.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A place objects are pushed to and fetched from, with the cache's layout ({@code sha256/ab/cdef…},
 * and run-cache entries in {@code runs/ab/cdef…}) so it can be read with plain tools. Implementations never show a partial object under its real
 * name and are thread-safe: transfers run in parallel.
 */
public interface RemoteStore extends AutoCloseable {
  /** The remote's name, for messages. */
  String name();

  /** Which of {@code hashes} the remote holds; asks one by one or lists, whichever is fewer requests. */
  Set<String> present(Collection<String> hashes) throws IOException;

  /**
   * Uploads a local object file under its hash; it appears only when whole, and only when the
   * bytes sent hash to {@code hash} (else {@link io.mlctl.core.CorruptObjectException}).
   */
  void upload(String hash, Path source, long size) throws IOException;

  /**
   * Writes the remote object's bytes to {@code target}, a new file, hashing them on the way.
   *
   * @return the SHA-256 of the bytes written, which the caller checks against {@code hash}
   */
  String download(String hash, Path target) throws IOException;

  /**
   * Like {@link #download}, for an object nobody reads through the page cache soon (a checkout
   * links to it, clones it, or has the kernel copy it once): a remote may write it past the page
   * cache.
   */
  default String downloadCold(String hash, Path target) throws IOException {
    return download(hash, target);
  }

  /** Removes an object (a damaged one found on fetch); false when it was not there. */
  boolean delete(String hash) throws IOException;

  /**
   * The keys of the run-cache entries the remote holds under {@code runs/ab/cdef…}, found by
   * listing {@code runs/} (one request per page or folder), never by asking about each entry.
   */
  Set<String> runKeys() throws IOException;

  /** Uploads a run-cache entry; it appears under its key only when whole. */
  void uploadRun(String key, byte[] bytes) throws IOException;

  /**
   * The bytes of a run-cache entry, at most {@code limit + 1} of them (more means the entry is too
   * large to be one); {@link java.nio.file.NoSuchFileException} when the remote lacks it.
   */
  byte[] downloadRun(String key, int limit) throws IOException;

  /** Where experiment run records are kept on a remote: {@code experiments/ID.json}. */
  String EXPERIMENTS = "experiments/";

  /** The ids of the experiment run records the remote holds ({@code experiments/ID.json}), found by listing. */
  Set<String> experimentIds() throws IOException;

  /** Uploads an experiment run record; it appears under its id only when whole. */
  void uploadExperiment(String id, byte[] bytes) throws IOException;

  /**
   * The bytes of an experiment run record, at most {@code limit + 1} of them;
   * {@link java.nio.file.NoSuchFileException} when the remote lacks it.
   */
  byte[] downloadExperiment(String id, int limit) throws IOException;

  /**
   * A temporary file that an upload which never finished (a push killed mid-copy) left on the
   * remote under a hidden name beside the object's place.
   *
   * @param path where it is, relative to the remote's root and {@code /}-separated
   * @param size its size in bytes
   * @param modified when it was last written: an upload still under way writes it all the time
   */
  record Leftover(String path, long size, Instant modified) {}

  /**
   * What unfinished uploads left anywhere on the remote, by path; none for a kind of remote whose
   * unfinished uploads leave nothing under a name of their own.
   */
  default List<Leftover> leftovers() throws IOException {
    return List.of();
  }

  /** Like {@link #leftovers}, only in the folders that the objects {@code hashes} go to. */
  default List<Leftover> leftoversNear(Collection<String> hashes) throws IOException {
    return List.of();
  }

  /** Removes a leftover that {@link #leftovers} found; false when it was gone already. */
  default boolean removeLeftover(Leftover leftover) throws IOException {
    return false;
  }

  /**
   * Makes one cheap request to see whether the remote answers (for {@code mlctl doctor}): reads
   * the folder or lists at most one key of the bucket. Changes nothing.
   *
   * @return true when the remote answered and its folder or bucket is there; false when it
   *     answered but holds nothing yet (a folder remote before its first push creates the folder)
   * @throws IOException or {@link io.mlctl.core.RemoteException} when it does not answer
   */
  boolean probe() throws IOException;

  /** Parallel transfers that suit this kind of remote. */
  int defaultJobs();

  /** Requests made so far (for -v output and benchmarks). */
  long requests();

  @Override
  void close();
}
