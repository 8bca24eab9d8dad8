package io.mlctl.core.data;

import io.mlctl.core.pointer.Output;
import java.nio.file.Path;

/**
 * A tracked output found in the work tree: the pointer that records it and where its data is.
 *
 * @param pointer the pointer file
 * @param output the entry of the pointer
 * @param data the data's absolute path
 * @param path the data's path relative to the project root, '/'-separated
 */
public record Tracked(Path pointer, Output output, Path data, String path) {}
