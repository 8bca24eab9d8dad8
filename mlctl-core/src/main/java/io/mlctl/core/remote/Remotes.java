package io.mlctl.core.remote;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.repo.Config;
import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.repo.Project;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The remotes of a project: {@code remote.NAME.*} keys in the config, and opening one as a
 * {@link RemoteStore}. URLs are a folder ({@code /path}, {@code file:///path}, or a path relative
 * to the project root) or {@code s3://bucket/prefix}.
 */
public final class Remotes {
  // No dots: the name is the middle part of dotted config keys (remote.NAME.url).
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final List<String> OPTIONS = List.of("url", "endpoint", "region", "path_style", "jobs");

  private final Project project;

  public Remotes(Project project) {
    this.project = project;
  }

  /** A configured remote: its name, URL, options, and whether it is the default. */
  public record Remote(String name, String url, Map<String, Object> options, boolean isDefault) {}

  public List<Remote> list() {
    Config c = project.config();
    String def = (String) c.get(ConfigKey.CORE_REMOTE.pattern()).orElse(null);
    return c.remoteNames().stream().map(n -> describe(c, n, def)).toList();
  }

  private static Remote describe(Config c, String name, String def) {
    Map<String, Object> opts = new LinkedHashMap<>();
    for (String o : OPTIONS) {
      if (!o.equals("url") && c.isSet("remote." + name + "." + o)) {
        opts.put(o, c.get("remote." + name + "." + o).orElse(null));
      }
    }
    return new Remote(name, (String) c.get("remote." + name + ".url").orElse(""), opts, name.equals(def));
  }

  /** Adds a remote; the first one added becomes the default, as does one added with {@code makeDefault}. */
  public Remote add(String name, String url, boolean makeDefault) {
    checkName(name);
    parse(name, url);
    Config c = project.config();
    if (c.remoteNames().contains(name)) {
      throw new BadInputException("remote '" + name + "' already exists", "change it with 'mlctl remote modify " + name + " url URL'");
    }
    ConfigStore store = project.configStore();
    store.set("remote." + name + ".url", url, false);
    if (makeDefault || c.remoteNames().isEmpty()) {
      store.set(ConfigKey.CORE_REMOTE.pattern(), name, false);
    }
    return find(name);
  }

  public void remove(String name) {
    Remote r = find(name);
    ConfigStore store = project.configStore();
    store.unsetAll("remote." + name + ".");
    // The default may be set in either file (a machine-local one overrides the shared one):
    // unset it only where it names this remote.
    String key = ConfigKey.CORE_REMOTE.pattern();
    for (boolean local : new boolean[] {true, false}) {
      if (name.equals(store.read().getIn(key, local).orElse(null))) {
        store.unset(key, local);
      }
    }
  }

  /** Makes a remote the default, in the file where the default is set now (local wins). */
  public void makeDefault(String name) {
    find(name);
    ConfigStore store = project.configStore();
    boolean local = store.read().getIn(ConfigKey.CORE_REMOTE.pattern(), true).isPresent();
    store.set(ConfigKey.CORE_REMOTE.pattern(), name, local);
  }

  /** Sets one option ({@code url}, {@code endpoint}, {@code region}, {@code path_style}, {@code jobs}). */
  public Remote modify(String name, String option, String value) {
    find(name);
    String key = "remote." + name + "." + option;
    ConfigKey k = ConfigKey.find(key).orElseThrow(() -> new BadArgumentException("unknown remote option '" + option + "'",
        "use one of url, endpoint, region, path_style, jobs, access_key_id, secret_access_key"));
    if (option.equals("url")) {
      parse(name, value);
    }
    project.configStore().set(key, value, k.localOnly());
    return find(name);
  }

  /** The named remote, or the default one when {@code name} is empty. */
  public Remote find(String name) {
    List<Remote> all = list();
    if (name == null || name.isEmpty()) {
      return all.stream().filter(Remote::isDefault).findFirst().orElseThrow(() -> new BadInputException(
          all.isEmpty() ? "no remote is configured" : "no default remote is set",
          all.isEmpty() ? "add one with 'mlctl remote add NAME URL'" : "pass -r NAME or run 'mlctl remote default NAME'"));
    }
    return all.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new BadInputException(
        "unknown remote '" + name + "'", all.isEmpty() ? "add one with 'mlctl remote add " + name + " URL'"
            : "known remotes: " + String.join(", ", all.stream().map(Remote::name).toList())));
  }

  /** Opens a remote for transfers; the caller closes it. */
  public RemoteStore open(String name) {
    Remote r = find(name);
    Object target = parse(r.name(), r.url());
    if (target instanceof Path folder) {
      return new FolderRemote(r.name(), folder);
    }
    S3Url u = (S3Url) target;
    Config c = project.config();
    String base = "remote." + r.name() + ".";
    S3Remote.Options o = new S3Remote.Options(
        (String) c.get(base + "endpoint").orElse(null),
        (String) c.get(base + "region").orElse(null),
        (Boolean) c.get(base + "path_style").orElse(false),
        (String) c.get(base + "access_key_id").orElse(null),
        (String) c.get(base + "secret_access_key").orElse(null),
        project.env());
    return new S3Remote(r.name(), u.bucket(), u.prefix(), o);
  }

  /** Parallel transfers for a remote: its {@code jobs} option, else what suits its kind. */
  public Optional<Integer> jobs(String name) {
    Remote r = find(name);
    Object j = r.options().get("jobs");
    return j == null ? Optional.empty() : Optional.of(((Number) j).intValue());
  }

  private record S3Url(String bucket, String prefix) {}

  private Object parse(String name, String url) {
    String hint = "use /path, file:///path or s3://bucket/prefix";
    if (url == null || url.isBlank()) {
      throw new BadInputException("remote '" + name + "' has no URL", hint);
    }
    if (url.startsWith("s3://")) {
      String rest = url.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      if (!BUCKET.matcher(bucket).matches() || prefix.contains("..") || prefix.startsWith("/")) {
        throw new BadInputException("malformed remote URL '" + url + "' for remote '" + name + "'",
            "an S3 URL is s3://bucket/prefix with a valid bucket name");
      }
      return new S3Url(bucket, prefix);
    }
    if (url.startsWith("file:")) {
      try {
        URI u = new URI(url);
        if (u.getPath() == null || !u.getPath().startsWith("/") || (u.getHost() != null && !u.getHost().isEmpty())) {
          throw new URISyntaxException(url, "not a local file URL");
        }
        return Path.of(u.getPath());
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new BadInputException("malformed remote URL '" + url + "' for remote '" + name + "'", hint);
      }
    }
    if (url.contains("://")) {
      throw new BadInputException("malformed remote URL '" + url + "' for remote '" + name + "'", hint);
    }
    Path p = Path.of(url);
    return p.isAbsolute() ? p : project.root().resolve(p).normalize();
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new BadArgumentException("'" + name + "' is not a valid remote name", "use letters, digits, '_' and '-'");
    }
  }
}
