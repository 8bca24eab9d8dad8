package io.mlctl.core.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monitor's memory of what changed: every path an event named, with the sequence number of
 * its latest event. A client holding the number current when it last looked asks which of its
 * folders saw an event since. The log keeps at most {@code capacity} paths; past that, or after
 * the kernel dropped events (an overflow), it forgets everything older and answers "all changed"
 * to anyone asking about that time, which only costs that client one full walk.
 *
 * <p>Thread-safe: the watch thread records while the server thread answers.
 */
final class ChangeLog {
  private final int capacity;
  private final Map<String, Long> latest = new HashMap<>();
  private final TreeMap<Long, String> bySeq = new TreeMap<>();
  private long seq;
  private long floor;

  ChangeLog(int capacity) {
    this.capacity = capacity;
  }

  /** Notes an event on {@code relPath} (relative to the work tree, '/'-separated). */
  synchronized void changed(String relPath) {
    seq++;
    Long old = latest.put(relPath, seq);
    if (old != null) {
      bySeq.remove(old);
    }
    bySeq.put(seq, relPath);
    if (latest.size() > capacity) {
      forgetAll();
    }
  }

  /** Events were lost: nothing before now can be vouched for. */
  synchronized void forgetAll() {
    seq++;
    floor = seq;
    latest.clear();
    bySeq.clear();
  }

  /** The sequence number of the newest event. */
  synchronized long seq() {
    return seq;
  }

  /**
   * Which of {@code prefixes} saw an event after {@code since}, or null when the log no longer
   * reaches back that far (every prefix must be taken as changed). A prefix is changed by an event
   * on itself, on anything inside it, or on a folder it lies in (a parent renamed or removed).
   */
  synchronized List<String> changedSince(long since, List<String> prefixes) {
    if (since < floor || since > seq) {
      return null;
    }
    List<String> out = new ArrayList<>();
    List<String> recent = new ArrayList<>(bySeq.tailMap(since, false).values());
    for (String prefix : prefixes) {
      for (String p : recent) {
        if (affects(p, prefix)) {
          out.add(prefix);
          break;
        }
      }
    }
    return out;
  }

  static boolean affects(String changed, String prefix) {
    if (prefix.isEmpty() || changed.equals(prefix)) {
      return true;
    }
    return (changed.length() > prefix.length() && changed.startsWith(prefix) && changed.charAt(prefix.length()) == '/')
        || (prefix.length() > changed.length() && prefix.startsWith(changed) && prefix.charAt(changed.length()) == '/');
  }
}
