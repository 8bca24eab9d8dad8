package io.mlctl.core.repo;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads and writes the two config files of a project. Writes are atomic. */
public final class ConfigStore {
  private final ProjectLayout layout;

  public ConfigStore(ProjectLayout layout) {
    this.layout = layout;
  }

  public Config read() {
    return new Config(readLayer(layout.config(), ".mlctl/config.yaml"),
        readLayer(layout.localConfig(), ".mlctl/config.local.yaml"));
  }

  /** Sets a key in the shared file, or in the local one, from text typed by the user. */
  public Config set(String key, String value, boolean local) {
    ConfigKey k = ConfigKey.of(key);
    if (k.localOnly() && !local) {
      throw new BadArgumentException(key + " is a credential and never goes into the committed config.yaml",
          "use 'mlctl config set --local " + key + " VALUE'");
    }
    Config next = read().with(key, k.parse(key, value), local);
    write(next, local);
    return next;
  }

  /** Removes a key; fails when it was not set in that file. */
  public Config unset(String key, boolean local) {
    ConfigKey.of(key);
    Config current = read();
    if (!current.layer(local).containsKey(key)) {
      throw new BadArgumentException("config key '" + key + "' is not set in "
          + (local ? ".mlctl/config.local.yaml" : ".mlctl/config.yaml"), null);
    }
    Config next = current.without(key, local);
    write(next, local);
    return next;
  }

  /** Removes every key that starts with {@code prefix} from both files. */
  public void unsetAll(String prefix) {
    Config current = read();
    for (boolean local : new boolean[] {false, true}) {
      Config next = current;
      boolean changed = false;
      for (String key : current.layer(local).keySet()) {
        if (key.startsWith(prefix)) {
          next = next.without(key, local);
          changed = true;
        }
      }
      if (changed) {
        write(next, local);
        current = next;
      }
    }
  }

  /** Writes a whole set of keys at once (remote add/remove use this). */
  public void write(Config config, boolean local) {
    Path file = local ? layout.localConfig() : layout.config();
    Map<String, Object> nested = Config.nest(config.layer(local));
    AtomicFiles.writeString(file, nested.isEmpty() ? "{}\n" : YamlFiles.dump(nested));
  }

  private static Map<String, Object> readLayer(Path file, String shownAs) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    return YamlFiles.loadMap(file, shownAs);
  }
}
