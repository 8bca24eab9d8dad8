package io.mlctl.core.pointer;

/**
 * One tracked output as a pointer records it. Immutable.
 *
 * @param path relative to the pointer's folder, '/'-separated
 * @param sha256 of the file's bytes, or of the manifest for a directory
 * @param size bytes (a directory: the total of its files)
 * @param dir whether it is a directory
 * @param nfiles files in a directory (0 for a file)
 */
public record Output(String path, String sha256, long size, boolean dir, long nfiles) {
  public static Output file(String path, String sha256, long size) {
    return new Output(path, sha256, size, false, 0);
  }

  public static Output directory(String path, String manifestHash, long size, long nfiles) {
    return new Output(path, manifestHash, size, true, nfiles);
  }
}
