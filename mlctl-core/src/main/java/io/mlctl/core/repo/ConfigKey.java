package io.mlctl.core.repo;

import io.mlctl.core.BadArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A setting mlctl knows, with its type and default. Keys are dotted ({@code core.lock_wait}); a
 * key whose middle part is a name ({@code remote.NAME.url}) is matched by pattern.
 */
public enum ConfigKey {
  CORE_AUTOSTAGE("core.autostage", Type.BOOLEAN, false,
      "stage pointer files and .gitignore entries with Git after 'add'"),
  CORE_LOCK_WAIT("core.lock_wait", Type.INTEGER, 10L,
      "seconds a writer waits for another mlctl process to release the repository lock"),
  CORE_FSMONITOR("core.fsmonitor", Type.BOOLEAN, false,
      "keep a file-system monitor running, so status and add need not walk unchanged tracked directories"),
  CORE_FSMONITOR_IDLE("core.fsmonitor_idle", Type.INTEGER, 1800L,
      "seconds the file-system monitor keeps running while no command asks it anything"),
  CORE_REMOTE("core.remote", Type.STRING, null, "the default remote for push, pull and fetch"),
  CACHE_TYPE("cache.type", Type.LINK_LIST, List.of("reflink", "copy"),
      "how cached files are placed in the work tree, first that works wins: reflink, hardlink, symlink, copy"),
  REMOTE_URL("remote.*.url", Type.STRING, null, "where the remote is: /path, file:///path or s3://bucket/prefix"),
  REMOTE_ENDPOINT("remote.*.endpoint", Type.STRING, null, "S3 endpoint URL, for S3-compatible stores"),
  REMOTE_REGION("remote.*.region", Type.STRING, null, "S3 region"),
  REMOTE_PATH_STYLE("remote.*.path_style", Type.BOOLEAN, false, "S3 path-style addressing (MinIO, Ceph)"),
  REMOTE_JOBS("remote.*.jobs", Type.INTEGER, null, "parallel transfers to this remote"),
  REMOTE_ACCESS_KEY("remote.*.access_key_id", Type.STRING, null,
      "S3 access key id (only in config.local.yaml: set it with --local)"),
  REMOTE_SECRET_KEY("remote.*.secret_access_key", Type.STRING, null,
      "S3 secret access key (only in config.local.yaml: set it with --local)");

  /** The value types a setting can hold. */
  public enum Type { BOOLEAN, INTEGER, STRING, LINK_LIST }

  private static final List<String> LINK_TYPES = List.of("reflink", "hardlink", "symlink", "copy");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final String pattern;
  private final Type type;
  private final Object defaultValue;
  private final String description;

  ConfigKey(String pattern, Type type, Object defaultValue, String description) {
    this.pattern = pattern;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String pattern() {
    return pattern;
  }

  public Type type() {
    return type;
  }

  public Optional<Object> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public String description() {
    return description;
  }

  /** Credentials never go into the committed config file. */
  public boolean localOnly() {
    return this == REMOTE_ACCESS_KEY || this == REMOTE_SECRET_KEY;
  }

  /** Finds the setting a dotted key names, or fails naming the key and the keys that exist. */
  public static ConfigKey of(String key) {
    return find(key).orElseThrow(() -> new BadArgumentException("unknown config key '" + key + "'",
        "known keys: " + String.join(", ", Arrays.stream(values()).map(ConfigKey::pattern).toList())));
  }

  public static Optional<ConfigKey> find(String key) {
    String[] parts = key.split("\\.", -1);
    for (ConfigKey k : values()) {
      String[] want = k.pattern.split("\\.");
      if (matches(want, parts)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String[] want, String[] parts) {
    if (want.length != parts.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      boolean ok = want[i].equals("*") ? NAME.matcher(parts[i]).matches() : want[i].equals(parts[i]);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Turns a value typed on the command line into the value stored in YAML. */
  public Object parse(String key, String text) {
    switch (type) {
      case BOOLEAN:
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("1")) {
          return true;
        }
        if (t.equals("false") || t.equals("no") || t.equals("off") || t.equals("0")) {
          return false;
        }
        throw new BadArgumentException("'" + text + "' is not a boolean for " + key, "use true or false");
      case INTEGER:
        try {
          long v = Long.parseLong(text.trim());
          if (v < 0) {
            throw new NumberFormatException();
          }
          return v;
        } catch (NumberFormatException e) {
          throw new BadArgumentException("'" + text + "' is not a whole number >= 0 for " + key, null);
        }
      case LINK_LIST:
        return parseLinkList(key, text);
      default:
        return text;
    }
  }

  /** Checks and normalises a value read from a config file (as YAML typed it). */
  public Object normalise(String key, Object value) {
    if (value instanceof List<?> list && type == Type.LINK_LIST) {
      return parseLinkList(key, String.join(",", list.stream().map(String::valueOf).toList()));
    }
    if (type == Type.STRING && value != null && !(value instanceof String)) {
      return String.valueOf(value);
    }
    if (type == Type.INTEGER && value instanceof Number n) {
      return n.longValue();
    }
    return value == null ? null : parse(key, String.valueOf(value));
  }

  private static List<String> parseLinkList(String key, String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (!LINK_TYPES.contains(p)) {
        throw new BadArgumentException("'" + p + "' is not a link type for " + key,
            "use a comma-separated list of " + String.join(", ", LINK_TYPES));
      }
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      throw new BadArgumentException(key + " needs at least one link type", "for example reflink,copy");
    }
    return List.copyOf(out);
  }
}
