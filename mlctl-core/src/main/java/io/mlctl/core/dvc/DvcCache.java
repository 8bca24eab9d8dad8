package io.mlctl.core.dvc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * DVC's local cache, read only: DVC 3 keeps an object at {@code files/md5/ab/cdef…}, DVC 2 and
 * older at {@code ab/cdef…}; a directory's listing has the suffix {@code .dir}. Both layouts are
 * searched, since a DVC 3 cache still holds the objects DVC 2 wrote. Nothing here is ever written.
 */
final class DvcCache {
  private final Path dir;

  DvcCache(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The cached file of this MD5 (of a directory's listing when {@code listing}), if DVC has it. */
  Optional<Path> object(String md5, boolean listing) {
    String name = md5.substring(2) + (listing ? ".dir" : "");
    for (Path p : new Path[] {dir.resolve("files/md5").resolve(md5.substring(0, 2)).resolve(name),
        dir.resolve(md5.substring(0, 2)).resolve(name)}) {
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code s} is an MD5 as DVC writes it: 32 lowercase hex digits. */
  static boolean isMd5(String s) {
    if (s == null || s.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
