package io.mlctl.serve;

import io.mlctl.core.MlctlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the references that follow an alias on the version the registry names: polls each one's
 * registry file cheaply (a fingerprint, no parsing) and resolves and loads only when it changed.
 * Thread-safe; reloads run one at a time.
 */
final class Reloader implements AutoCloseable {
  private final ModelSource source;
  private final List<Binding> bindings;
  private final Consumer<String> notices;
  private ScheduledExecutorService poller;

  Reloader(ModelSource source, List<Binding> bindings, Consumer<String> notices) {
    this.source = source;
    this.bindings = bindings;
    this.notices = notices;
  }

  /**
   * Looks again at every reference that follows an alias and loads the versions that moved, each
   * swapped in only once loaded, so requests keep being answered throughout. Without
   * {@code force}, a reference whose registry file has not changed is not even resolved.
   */
  synchronized List<Deployment.Change> reload(boolean force) {
    List<Deployment.Change> out = new ArrayList<>();
    if (source.following()) {
      try {
        source.refresh();
      } catch (MlctlException e) {
        // the commit fetched last stays in force; the next poll tries again
        notices.accept("mlctl serve: cannot fetch the followed branch, still serving what it named: " + e.getMessage());
      }
    }
    for (Binding b : bindings) {
      ServedModel was = b.get();
      String from = was == null ? null : was.version();
      String name = source.nameOf(b.ref());
      if (!b.follows()) {
        if (force) {
          out.add(new Deployment.Change(name, b.ref(), from, from, null));
        }
        continue;
      }
      Object stamp = source.stamp(b.ref());
      if (!force && stamp.equals(b.stamp())) {
        continue;
      }
      try {
        if (was != null && source.versionOf(b.ref()).equals(from)) {
          b.stamp(stamp);
          out.add(new Deployment.Change(name, b.ref(), from, from, null));
          continue;
        }
        ServedModel now = source.load(b.ref());
        b.swap(now);
        b.stamp(stamp);
        notices.accept("mlctl serve: " + b.ref() + " moved: now serving " + now.shown() + (from == null ? "" : " (was " + from + ")"));
        out.add(new Deployment.Change(name, b.ref(), from, now.version(), null));
      } catch (MlctlException e) {
        // The version held keeps answering; the notice says once why the new one did not come in.
        if (!stamp.equals(b.stamp()) || force) {
          notices.accept("mlctl serve: cannot load " + b.ref() + ", still serving " + (from == null ? "nothing" : name + "@" + from)
              + ": " + e.getMessage());
        }
        b.stamp(stamp);
        out.add(new Deployment.Change(name, b.ref(), from, from, e.getMessage()));
      }
    }
    return out;
  }

  synchronized void follow(Duration every) {
    boolean any = bindings.stream().anyMatch(Binding::follows);
    if (!any || poller != null) {
      return;
    }
    poller = Executors.newSingleThreadScheduledExecutor(Deployment.daemon("mlctl-reload"));
    poller.scheduleWithFixedDelay(() -> {
      try {
        reload(false);
      } catch (RuntimeException e) {
        notices.accept("mlctl serve: reload failed: " + e.getMessage());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }
}
