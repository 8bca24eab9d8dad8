package io.mlctl.core.dvc;

import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.binary.Hex;

/**
 * Writes DVC project files the way DVC documents them (DVC itself is not installed here): MD5s
 * are computed by the test, cache objects go to {@code .dvc/cache/files/md5/ab/cdef…} (DVC 3) or
 * {@code .dvc/cache/ab/cdef…} (DVC 2), a directory's listing is the JSON array DVC writes.
 */
final class DvcFixture {
  private final TestRepo repo;

  DvcFixture(TestRepo repo) {
    this.repo = repo;
    repo.write(".dvc/config", "[core]\n    autostage = true\n");
    repo.write(".dvc/.gitignore", "/config.local\n/tmp\n/cache\n");
  }

  static String md5(String text) {
    return md5(text.getBytes(StandardCharsets.UTF_8));
  }

  static String md5(byte[] bytes) {
    try {
      return Hex.encodeHexString(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts bytes in DVC 3's cache and returns their MD5. */
  String cache(String text) {
    String h = md5(text);
    repo.write(".dvc/cache/files/md5/" + h.substring(0, 2) + "/" + h.substring(2), text);
    return h;
  }

  /** Puts bytes in DVC 2's cache (no files/md5) and returns their MD5. */
  String cacheLegacy(String text) {
    String h = md5(text);
    repo.write(".dvc/cache/" + h.substring(0, 2) + "/" + h.substring(2), text);
    return h;
  }

  /**
   * Caches a directory's files and its listing in DVC 3's cache and returns the listing's MD5
   * with DVC's {@code .dir} suffix.
   */
  String cacheDir(Map<String, String> files) {
    List<String> entries = new ArrayList<>();
    new TreeMap<>(files).forEach((rel, text) -> entries.add("{\"md5\": \"" + cache(text) + "\", \"relpath\": \"" + rel + "\"}"));
    return cacheListing("[" + String.join(", ", entries) + "]") + ".dir";
  }

  /** Puts a directory listing in DVC 3's cache (named with DVC's .dir suffix) and returns its MD5. */
  String cacheListing(String json) {
    String h = md5(json);
    repo.write(".dvc/cache/files/md5/" + h.substring(0, 2) + "/" + h.substring(2) + ".dir", json);
    return h;
  }

  /** A .dvc file of one output, as 'dvc add' writes it in DVC 3. */
  void dvcFile(String rel, String path, String md5, long size) {
    repo.write(rel, "outs:\n- md5: " + md5 + "\n  size: " + size + "\n  hash: md5\n  path: " + path + "\n");
  }
}
