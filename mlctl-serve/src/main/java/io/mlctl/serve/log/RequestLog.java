package io.mlctl.serve.log;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.StorageException;
import io.mlctl.serve.metrics.ServeMetrics;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's request log: one JSON line per request, written off the request path.
 *
 * <p>Each line is an object with {@code request_id}, {@code time} (ISO-8601, UTC),
 * {@code model}, {@code version}, {@code role}, {@code inputs}, {@code outputs} and
 * {@code latency_ms}. Lines go to {@code requests.jsonl} in the log's directory; when that file
 * would pass {@link Limits#maxFileBytes()} it is renamed to {@code requests.1.jsonl}, older files
 * move up one number and the oldest beyond {@link Limits#maxFiles()} files is deleted, so the log
 * never holds more than {@code maxFiles} files (each at most {@code maxFileBytes}, unless a single
 * line is longer). Reading {@code requests.N.jsonl} from the highest N down to 1 and then
 * {@code requests.jsonl} ({@link #files}) gives every kept line in order.
 *
 * <p>A process killed while writing leaves at most a torn last line, without its newline, at the
 * end of {@code requests.jsonl}: readers skip a last line that does not end in a newline. Opening
 * the log again cuts that torn line off before writing. Lines reach the operating system in
 * batches as fast as the writer keeps up; {@link #close()} forces them to disk.
 *
 * <p>Thread-safe: {@link #append} may be called from any number of threads and never blocks. It
 * puts the entry on a bounded queue; one background thread takes entries in batches, writes them
 * and rotates. When the queue is full (the disk is slower than the traffic), the entry is dropped
 * and counted in {@link #dropped()} and in the metric {@code mlctl_request_log_dropped_total}.
 */
public final class RequestLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
  private static final int MAX_BATCH = 1024;
  /** Put on the queue by {@link #close()}; compared by identity. */
  private static final RequestLogEntry STOP =
      new RequestLogEntry("", Instant.EPOCH, "", "", "", List.of(), List.of(), 0);

  /**
   * How much the log may hold. Immutable.
   *
   * @param maxFileBytes the size at which a file is rotated
   * @param maxFiles how many files are kept, the one being written included
   * @param queueCapacity how many entries may wait for the writer before new ones are dropped
   */
  public record Limits(long maxFileBytes, int maxFiles, int queueCapacity) {
    public Limits {
      if (maxFileBytes < 1 || maxFiles < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("request-log limits must be positive: " + maxFileBytes
            + " bytes, " + maxFiles + " files, queue of " + queueCapacity);
      }
    }

    /** 64 MiB per file, 8 files (at most 512 MiB on disk), 10,000 queued entries. */
    public static Limits defaults() {
      return new Limits(64L * 1024 * 1024, 8, 10_000);
    }
  }

  private final Path dir;
  private final Limits limits;
  private final ServeMetrics metrics;
  private final BlockingQueue<RequestLogEntry> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Consumer<List<RequestLogEntry>> beforeBatch;
  private final Thread writer;

  // Owned by the writer thread alone.
  private final ObjectMapper mapper = new ObjectMapper();
  private final LineBuffer buffer = new LineBuffer();
  private JsonGenerator json;
  private FileChannel channel;
  private long fileSize;
  private boolean failing;

  private RequestLog(Path dir, Limits limits, ServeMetrics metrics,
      Consumer<List<RequestLogEntry>> beforeBatch) throws IOException {
    this.dir = dir;
    this.limits = limits;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.queue = new ArrayBlockingQueue<>(limits.queueCapacity());
    this.beforeBatch = beforeBatch;
    Files.createDirectories(dir);
    LogFiles.removeBeyond(dir, limits.maxFiles());
    openCurrent();
    json = newGenerator();
    writer = new Thread(this::run, "mlctl-request-log");
    // a server that exits without close() must not hang on this thread
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (creating it if need be) the log in {@code dir} and starts its writer thread.
   *
   * @throws StorageException when the directory or the current file cannot be opened
   */
  public static RequestLog open(Path dir, Limits limits, ServeMetrics metrics) {
    return open(dir, limits, metrics, batch -> {});
  }

  /** As {@link #open(Path, Limits, ServeMetrics)}, calling {@code beforeBatch} on the writer
   *  thread before each batch is written: tests use it to hold the writer still. */
  static RequestLog open(Path dir, Limits limits, ServeMetrics metrics,
      Consumer<List<RequestLogEntry>> beforeBatch) {
    try {
      return new RequestLog(dir, limits, metrics, beforeBatch);
    } catch (IOException e) {
      throw StorageException.of("open the request log in", dir, e);
    }
  }

  /** The log files in {@code dir}, oldest first: read in this order, they give every line in order. */
  public static List<Path> files(Path dir) {
    try {
      return LogFiles.inOrder(dir);
    } catch (IOException e) {
      throw StorageException.of("list the request log in", dir, e);
    }
  }

  /** Queues one entry for writing; never blocks. Counts a drop when the queue is full or the log closed. */
  public void append(RequestLogEntry e) {
    Objects.requireNonNull(e, "entry");
    if (closed.get() || !queue.offer(e)) {
      drop(1);
    }
  }

  /** How many entries were dropped since the log was opened. */
  public long dropped() {
    return dropped.get();
  }

  /** Writes every queued entry, forces the file to disk and stops the writer. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean interrupted = false;
    // the queue may be full: wait for the writer to make room, it is draining it
    while (true) {
      try {
        if (queue.offer(STOP, 100, TimeUnit.MILLISECONDS) || !writer.isAlive()) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    // an append that raced with close() can land after the writer's last look
    int late = queue.size();
    queue.clear();
    if (late > 0) {
      drop(late);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void drop(long lines) {
    dropped.addAndGet(lines);
    metrics.logDropped(lines);
  }

  private void run() {
    List<RequestLogEntry> batch = new ArrayList<>(MAX_BATCH);
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() stops the writer, so no queued line is lost
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      beforeBatch.accept(batch);
      // STOP is queued only after closed is set, so the scan is skipped while the log is open
      stopping = closed.get() && removeStop(batch);
      write(batch);
      batch.clear();
    }
    while (queue.drainTo(batch, MAX_BATCH) > 0) {
      removeStop(batch);
      write(batch);
      batch.clear();
    }
    closeChannel(true);
  }

  /** Removes the close marker, compared by identity (a record's equals compares every field). */
  private static boolean removeStop(List<RequestLogEntry> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      if (batch.get(i) == STOP) {
        batch.remove(i);
        return true;
      }
    }
    return false;
  }

  /** Writes one batch, rotating where a line would pass the size limit. */
  private void write(List<RequestLogEntry> batch) {
    int lines = 0;
    try {
      if (channel == null) {
        openCurrent();
      }
      for (RequestLogEntry e : batch) {
        int start = buffer.size();
        if (!serialize(e)) {
          continue;
        }
        lines++;
        if (fileSize + buffer.size() > limits.maxFileBytes() && fileSize + start > 0) {
          // this line would pass the limit: the lines before it end the current file
          buffer.drainTo(channel, start);
          closeChannel(false);
          LogFiles.rotate(dir, limits.maxFiles());
          openCurrent();
          lines = 1;
        }
      }
      int size = buffer.size();
      buffer.drainTo(channel, size);
      fileSize += size;
      if (failing) {
        failing = false;
        LOG.info("request log {}: writing again", dir);
      }
    } catch (IOException | RuntimeException ex) {
      buffer.truncate(0);
      closeChannel(false);
      drop(lines);
      if (!failing) {
        failing = true;
        LOG.warn("request log {}: cannot write, dropping lines until it can: {}", dir, ex.toString());
      }
    }
    buffer.shrinkIfEmpty();
  }

  /** Appends one entry as a JSON line to the buffer; false (and a counted drop) if it cannot be. */
  private boolean serialize(RequestLogEntry e) {
    int start = buffer.size();
    try {
      json.writeStartObject();
      json.writeStringField("request_id", e.requestId());
      json.writeStringField("time", e.time() == null ? null : e.time().toString());
      json.writeStringField("model", e.model());
      json.writeStringField("version", e.version());
      json.writeStringField("role", e.role());
      json.writeFieldName("inputs");
      writeValue(e.inputs());
      json.writeFieldName("outputs");
      writeValue(e.outputs());
      json.writeNumberField("latency_ms", e.latencyMs());
      json.writeEndObject();
      json.writeRaw('\n');
      json.flush();
      return true;
    } catch (IOException | RuntimeException ex) {
      // the generator is mid-object: start a fresh one and forget the half line
      buffer.truncate(start);
      json = newGenerator();
      drop(1);
      LOG.warn("request log {}: cannot write request {}: {}", dir, e.requestId(), ex.toString());
      return false;
    }
  }

  /**
   * Writes the maps, lists, strings, numbers and booleans a request is made of straight to the
   * generator: several times cheaper than looking up a serializer for each; anything else goes
   * through Jackson's data binding.
   */
  private void writeValue(Object v) throws IOException {
    if (v == null) {
      json.writeNull();
    } else if (v instanceof String s) {
      json.writeString(s);
    } else if (v instanceof Double d) {
      json.writeNumber(d);
    } else if (v instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> f : map.entrySet()) {
        json.writeFieldName(String.valueOf(f.getKey()));
        writeValue(f.getValue());
      }
      json.writeEndObject();
    } else if (v instanceof List<?> list) {
      json.writeStartArray();
      for (Object o : list) {
        writeValue(o);
      }
      json.writeEndArray();
    } else if (v instanceof Long || v instanceof Integer) {
      json.writeNumber(((Number) v).longValue());
    } else if (v instanceof Boolean b) {
      json.writeBoolean(b);
    } else {
      json.writeObject(v);
    }
  }

  private JsonGenerator newGenerator() {
    try {
      JsonGenerator g = mapper.createGenerator(buffer, JsonEncoding.UTF8);
      // lines are separated by the newline written after each; no extra root separator
      g.setRootValueSeparator(null);
      return g;
    } catch (IOException e) {
      throw new IllegalStateException("a JSON generator over memory cannot fail to open", e);
    }
  }

  private void openCurrent() throws IOException {
    channel = FileChannel.open(LogFiles.current(dir), StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    fileSize = LogFiles.dropTornTail(channel);
    channel.position(fileSize);
  }

  private void closeChannel(boolean force) {
    if (channel == null) {
      return;
    }
    try {
      if (force) {
        channel.force(false);
      }
      channel.close();
    } catch (IOException e) {
      LOG.warn("request log {}: cannot close {}: {}", dir, LogFiles.CURRENT, e.toString());
    }
    channel = null;
  }
}
