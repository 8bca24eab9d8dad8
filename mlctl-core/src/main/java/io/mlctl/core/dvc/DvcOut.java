package io.mlctl.core.dvc;

import java.util.List;

/**
 * One output as a DVC file records it: where it is, the MD5 DVC gave its bytes, and for a
 * directory the listing DVC cached for it. Immutable.
 *
 * @param source the DVC file it came from, as the user knows it
 * @param path relative to the project root, '/'-separated, checked
 * @param md5 32 hex digits (for a directory: of its listing, without DVC's {@code .dir} suffix)
 * @param legacy recorded by DVC 2 or older (no {@code hash: md5}), whose MD5 of a text file was
 *     taken after turning CRLF line ends into LF
 * @param listing a directory's files, or null for a file
 */
record DvcOut(String source, String path, String md5, boolean legacy, List<Entry> listing) {
  /** One file of a directory: its path inside it and its MD5. */
  record Entry(String relpath, String md5) {}

  boolean dir() {
    return listing != null;
  }
}
