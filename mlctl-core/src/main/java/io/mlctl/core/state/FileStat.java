package io.mlctl.core.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What the hash cache compares to decide that a file is unchanged without reading it: size,
 * modification time (nanoseconds) and the file's identity (inode and device where the file
 * system has them).
 */
public record FileStat(long size, long mtimeNanos, String inode) {
  public static FileStat of(BasicFileAttributes a) {
    Object key = a.fileKey();
    return new FileStat(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
        key == null ? "-" : key.toString());
  }

  public static FileStat of(Path file) throws IOException {
    return of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }
}
