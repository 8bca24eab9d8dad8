package io.mlctl.serve;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** What every endpoint needs from a request: its id, its body within the limit, its media type. */
final class Http {
  static final String REQUEST_ID = "X-Request-Id";
  static final String MODEL_VERSION = "X-Model-Version";
  static final String JSON = "application/json";
  static final String ATTR_START = "mlctl.start";
  static final String ATTR_ID = "mlctl.id";
  static final String ATTR_MODEL = "mlctl.model";
  static final String ATTR_VERSION = "mlctl.version";

  private Http() {}

  /** The client's request id when it is a sane token, else a new random one. */
  static String requestId(Context ctx) {
    String given = ctx.header(REQUEST_ID);
    if (given != null && !given.isEmpty() && given.length() <= 200 && printable(given)) {
      return given;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return hex(r.nextLong()) + hex(r.nextLong());
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  private static String hex(long v) {
    String h = Long.toHexString(v);
    return "0".repeat(16 - h.length()) + h;
  }

  static String id(Context ctx) {
    return ctx.attribute(ATTR_ID);
  }

  static long start(Context ctx) {
    Long s = ctx.attribute(ATTR_START);
    return s == null ? System.nanoTime() : s;
  }

  /** The media type without parameters, lower case, or "" when none was sent. */
  static String mediaType(Context ctx) {
    String ct = ctx.header("Content-Type");
    if (ct == null) {
      return "";
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** 415 unless the body is JSON (a missing Content-Type is taken as JSON). */
  static void requireJson(Context ctx) {
    String t = mediaType(ctx);
    if (!t.isEmpty() && !t.equals(JSON)) {
      throw unsupported(t, JSON);
    }
  }

  static ApiException unsupported(String got, String want) {
    return new ApiException(415, "unsupported_media_type", "Content-Type " + got + " is not accepted here; send " + want);
  }

  /**
   * The body, read only up to {@code max} bytes: a declared length over it was refused before
   * anything was read, and a chunked body that runs past it is cut off with the same 413.
   */
  static byte[] body(Context ctx, long max) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw tooLarge(max);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared >= 0) {
        // The usual case: one array of the declared size, filled in place.
        byte[] b = new byte[(int) declared];
        int n = in.readNBytes(b, 0, b.length);
        if (n < b.length) {
          throw new ApiException(400, "bad_request", "the request body ended after " + n + " of its " + declared + " bytes");
        }
        return b;
      }
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (b.length > max) {
        throw tooLarge(max);
      }
      return b;
    } catch (IOException e) {
      // A client that stops sending mid-body (or too slowly for the idle timeout) ends here.
      throw new ApiException(400, "bad_request", "the request body could not be read: " + unread(e));
    }
  }

  /** Why a body stopped arriving, in words (Jetty's messages name Java exception classes). */
  private static String unread(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException) {
        return "nothing arrived within the idle timeout";
      }
      if (t instanceof java.io.EOFException) {
        return "the connection closed before the body ended";
      }
    }
    return "the connection failed";
  }

  static ApiException tooLarge(long max) {
    return new ApiException(413, "body_too_large", "the request body is over the limit of " + max + " bytes (--max-body)");
  }

  static void json(Context ctx, byte[] body) {
    ctx.contentType(JSON).result(body);
  }

  /**
   * Names the model a request addresses, and its primary version, before the request is checked:
   * a refused request is counted under them.
   */
  static void addressed(Context ctx, Slot slot) {
    ctx.attribute(ATTR_MODEL, slot.name());
    ServedModel m = slot.current();
    if (m != null) {
      ctx.attribute(ATTR_VERSION, m.version());
    }
  }

  /** Names the version that answered, for the response header, the metrics and the log. */
  static void answeredBy(Context ctx, ServedModel m) {
    ctx.attribute(ATTR_MODEL, m.name());
    ctx.attribute(ATTR_VERSION, m.version());
    ctx.header(MODEL_VERSION, m.version());
  }

  static void uncheckedIo(IOException e) {
    throw new UncheckedIOException(e);
  }
}
