package io.mlctl.core.dvc;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.NotConverted;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.repo.ProjectLayout;
import io.mlctl.core.yaml.YamlFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a DVC project's {@code .dvc} files and reads their outputs. Every path is checked (see
 * {@link DvcPaths}) as it is read, so a bad one stops the import before anything is written.
 */
final class DvcFiles {
  static final String SUFFIX = ".dvc";
  static final String PIPELINE = "dvc.yaml";

  /** Output fields import-dvc uses; any other field that is not at its default is reported. */
  private static final Set<String> OUT_FIELDS = Set.of("path", "md5", "hash", "size", "nfiles");
  /** Fields whose default value mlctl shares, so they lose nothing there. */
  private static final Map<String, Object> DEFAULTS = Map.of("cache", true, "persist", false, "push", true, "isexec", false);

  private DvcFiles() {}

  /** Root-relative paths of the {@code .dvc} files and of {@code dvc.yaml} files below the root, sorted. */
  record Scan(List<String> dvcFiles, List<String> nestedPipelines) {}

  static Scan scan(Path root) {
    List<String> dvc = new ArrayList<>();
    List<String> nested = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          boolean skip = !dir.equals(root) && (name.equals(".git") || name.equals(".dvc")
              || name.equals(ProjectLayout.DIR) || AtomicFiles.isTemp(name));
          return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String name = file.getFileName().toString();
          String rel = root.relativize(file).toString().replace('\\', '/');
          if (attrs.isRegularFile() && name.endsWith(SUFFIX) && name.length() > SUFFIX.length()) {
            dvc.add(rel);
          } else if (attrs.isRegularFile() && name.equals(PIPELINE) && !rel.equals(PIPELINE)) {
            nested.add(rel);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw StorageException.of("walk", root, e);
    }
    dvc.sort(Manifest.PATH_ORDER);
    nested.sort(Manifest.PATH_ORDER);
    return new Scan(dvc, nested);
  }

  /**
   * The outputs of one {@code .dvc} file that can be converted; what cannot goes to {@code skipped}.
   *
   * @param rel the file, relative to the root
   */
  static List<DvcOut> read(Path root, String rel, DvcBytes bytes, List<NotConverted> skipped) {
    Map<String, Object> doc = YamlFiles.requireMap(YamlFiles.load(root.resolve(rel), rel), rel);
    if (doc.containsKey("cmd")) {
      skipped.add(new NotConverted(Kind.FILE, rel, "stage file",
          "a .dvc file with a 'cmd' is a pipeline stage of DVC before 1.0; mlctl keeps stages in mlctl.yaml"));
      return List.of();
    }
    if (doc.containsKey("deps")) {
      skipped.add(new NotConverted(Kind.SECTION, rel, "import source ('deps')",
          "the data was brought in by 'dvc import' or 'dvc import-url'; mlctl tracks the data, not where it came from"));
    }
    for (String key : doc.keySet()) {
      if (!Set.of("outs", "deps", "wdir", "md5", "frozen").contains(key)) {
        skipped.add(new NotConverted(Kind.OPTION, rel, "field '" + key + "'", "pointer files hold only their outputs"));
      }
    }
    if (!(doc.get("outs") instanceof List<?> outs) || outs.isEmpty()) {
      throw new BadInputException(rel + ": 'outs' must be a non-empty list", "see DVC's documentation of .dvc files");
    }
    String folder = DvcPaths.parent(rel);
    String wdir = doc.get("wdir") == null ? folder : DvcPaths.rooted(root, folder, String.valueOf(doc.get("wdir")), rel);
    List<DvcOut> result = new ArrayList<>();
    for (Object o : outs) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("path") instanceof String path)) {
        throw new BadInputException(rel + ": each output is a mapping with a 'path'", null);
      }
      String data = DvcPaths.rootedPlain(root, wdir, path, rel);
      reportFields(rel, data, m, skipped);
      DvcOut out = output(rel, data, m, bytes, skipped);
      if (out != null) {
        result.add(out);
      }
    }
    return result;
  }

  private static void reportFields(String rel, String data, Map<?, ?> m, List<NotConverted> skipped) {
    for (Map.Entry<?, ?> f : m.entrySet()) {
      String key = String.valueOf(f.getKey());
      if (OUT_FIELDS.contains(key) || (DEFAULTS.containsKey(key) && DEFAULTS.get(key).equals(f.getValue()))) {
        continue;
      }
      skipped.add(new NotConverted(Kind.OPTION, rel, "output '" + data + "': field '" + key + "'", reason(key)));
    }
  }

  static String reason(String field) {
    return switch (field) {
      case "remote", "push" -> "mlctl pushes every cached output to the remote the command names";
      case "cache" -> "mlctl caches every output a pointer tracks";
      case "isexec" -> "mlctl does not record the executable bit";
      case "etag", "checksum", "version_id", "cloud" -> "mlctl tracks data in the work tree by SHA-256 only";
      default -> "mlctl has no such field";
    };
  }

  /**
   * An output read from its fields, or null (reported) when its bytes cannot be identified.
   *
   * @param data its root-relative path, checked
   */
  static DvcOut output(String rel, String data, Map<?, ?> m, DvcBytes bytes, List<NotConverted> skipped) {
    Object md5Field = m.get("md5");
    if (md5Field == null) {
      skipped.add(new NotConverted(Kind.OUTPUT, rel, "output '" + data + "'",
          "it has no md5 (an external or cloud-versioned output); mlctl tracks files in the work tree"));
      return null;
    }
    String md5 = String.valueOf(md5Field);
    boolean dir = md5.endsWith(".dir");
    String hex = dir ? md5.substring(0, md5.length() - 4) : md5;
    if (!DvcCache.isMd5(hex)) {
      throw new BadInputException(rel + ": output '" + data + "': md5 '" + md5 + "' is not 32 hex digits", null);
    }
    boolean legacy = !"md5".equals(m.get("hash"));
    if (!dir) {
      return new DvcOut(rel, data, hex, legacy, null);
    }
    return bytes.listing(hex, rel).map(l -> new DvcOut(rel, data, hex, legacy, l)).orElseGet(() -> {
      skipped.add(new NotConverted(Kind.OUTPUT, rel, "output '" + data + "'", "DVC's cache lacks the listing of this directory ("
          + md5 + "); run 'dvc fetch' first, then import-dvc again"));
      return null;
    });
  }
}
