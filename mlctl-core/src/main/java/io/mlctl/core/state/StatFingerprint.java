package io.mlctl.core.state;

/**
 * The stat data of many files folded into 128 bits: each entry's name, type, size, modification
 * time and identity is mixed on its own and the results are added up, lane by lane, so the order
 * in which a walk meets the entries does not matter and parts folded on several threads can be
 * {@link #merge}d. Not cryptographic, as nothing adversarial is at stake: an accidental collision
 * needs two different listings to agree in all 128 bits.
 *
 * <p>It also keeps what the racily-clean guard needs: the newest modification time and whether
 * any timestamp is whole seconds. A hash recorded beside a fingerprint may be trusted only when
 * {@link #settledBefore} the moment it was recorded, the hash cache's rule for a single file.
 */
public final class StatFingerprint {
  private long laneA;
  private long laneB;
  private long count;
  private long newestMtimeNanos = Long.MIN_VALUE;
  private boolean coarse;

  /** Adds a regular file found by a walk, under its path relative to the walk's start. */
  public StatFingerprint add(String path, FileStat stat) {
    return add(path, 'f', stat.size(), stat.mtimeNanos(), stat.inode().hashCode());
  }

  /**
   * Adds one entry.
   *
   * @param type what the entry is ({@code 'f'} file, {@code 'd'} folder, {@code 'l'} link, …)
   * @param identity a hash of the file's identity (inode and device)
   */
  public StatFingerprint add(String name, char type, long size, long mtimeNanos, long identity) {
    Mixer m = new Mixer();
    m.add(type);
    m.add(name);
    m.add(size);
    m.add(mtimeNanos);
    m.add(identity);
    fold(m);
    newestMtimeNanos = Math.max(newestMtimeNanos, mtimeNanos);
    coarse |= mtimeNanos % 1_000_000_000L == 0;
    return this;
  }

  /** Adds an entry whose stat data could not be read (a dangling link's target, say). */
  public StatFingerprint addUnreadable(String name, char type) {
    Mixer m = new Mixer();
    m.add(type);
    m.add(name);
    fold(m);
    return this;
  }

  private void fold(Mixer m) {
    laneA += m.x();
    laneB += m.y();
    count++;
  }

  /** Folds in another part of the same listing. */
  public StatFingerprint merge(StatFingerprint other) {
    laneA += other.laneA;
    laneB += other.laneB;
    count += other.count;
    newestMtimeNanos = Math.max(newestMtimeNanos, other.newestMtimeNanos);
    coarse |= other.coarse;
    return this;
  }

  /** The fingerprint as 32 hex digits. */
  public String value() {
    Mixer m = new Mixer();
    m.add(count);
    m.add(laneA);
    m.add(laneB);
    return m.hex();
  }

  public long newestMtimeNanos() {
    return newestMtimeNanos;
  }

  /** Whether any entry has a whole-second timestamp (a file system that keeps no fraction). */
  public boolean coarse() {
    return coarse;
  }

  /**
   * Whether every entry was last modified well before {@code nanos} (epoch nanoseconds): a write
   * within one timestamp tick of that moment could otherwise keep its stat data.
   */
  public boolean settledBefore(long nanos) {
    return count == 0 || newestMtimeNanos <= nanos - racyMargin(coarse);
  }

  /** How long before a hash is taken its file must have been last modified to be trusted later. */
  public static long racyMargin(boolean coarse) {
    return coarse ? HashCache.RACY_COARSE_NANOS : HashCache.RACY_FINE_NANOS;
  }

  /** A 128-bit fingerprint of bytes, mixed as stat data is. */
  public static String ofBytes(byte[] bytes) {
    Mixer m = new Mixer();
    m.add(bytes.length);
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      long v = 0;
      for (int j = 0; j < 8; j++) {
        v = (v << 8) | (bytes[i + j] & 0xFF);
      }
      m.add(v);
    }
    long tail = 0;
    for (; i < bytes.length; i++) {
      tail = (tail << 8) | (bytes[i] & 0xFF);
    }
    m.add(tail);
    return m.hex();
  }

  /** The fingerprint of a single file's stat data. */
  public static String of(FileStat stat) {
    Mixer m = new Mixer();
    m.add(-1);
    m.add(stat.size());
    m.add(stat.mtimeNanos());
    m.add(stat.inode());
    return m.hex();
  }

  /** Two lanes of multiply-rotate mixing, finished with MurmurHash3's finaliser. */
  private static final class Mixer {
    private long a = 0x9E3779B97F4A7C15L;
    private long b = 0xC2B2AE3D27D4EB4FL;

    void add(long v) {
      a = Long.rotateLeft(a ^ (v * 0x87C37B91114253D5L), 31) * 0x4CF5AD432745937FL + 0x52DCE729L;
      b = Long.rotateLeft(b ^ (v * 0x4CF5AD432745937FL), 33) * 0x87C37B91114253D5L + 0x38495AB5L;
    }

    void add(String s) {
      int n = s.length();
      add(n);
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        add(((long) s.charAt(i) << 48) | ((long) s.charAt(i + 1) << 32) | ((long) s.charAt(i + 2) << 16) | s.charAt(i + 3));
      }
      long tail = 0;
      for (; i < n; i++) {
        tail = (tail << 16) | s.charAt(i);
      }
      add(tail);
    }

    long x() {
      return fmix(a + b);
    }

    long y() {
      return fmix(b + x());
    }

    String hex() {
      return hex16(x()) + hex16(y());
    }

    private static String hex16(long v) {
      String h = Long.toHexString(v);
      return "0000000000000000".substring(h.length()) + h;
    }

    private static long fmix(long k) {
      k ^= k >>> 33;
      k *= 0xFF51AFD7ED558CCDL;
      k ^= k >>> 33;
      k *= 0xC4CEB93FE53A87F9L;
      k ^= k >>> 33;
      return k;
    }
  }
}
