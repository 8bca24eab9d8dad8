package io.mlctl.serve;

import java.time.Duration;

/**
 * How the server listens and what it lets in. Immutable.
 *
 * @param host the address to bind: loopback unless the user says otherwise
 * @param port the port, or 0 for any free one
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 before they are read
 * @param token the bearer token every request but the health checks must carry, or null for none
 * @param corsOrigin the browser origin allowed to call the server ({@code *} for any), or null
 * @param strict whether an instance may carry a feature the model does not know
 * @param idleTimeout how long a connection may sit without a byte moving, reading or writing
 */
public record ServeConfig(String host, int port, long maxBodyBytes, String token, String corsOrigin, boolean strict,
    Duration idleTimeout) {
  public static final String LOOPBACK = "127.0.0.1";
  public static final long DEFAULT_MAX_BODY = 8L << 20;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public ServeConfig {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
  }

  public static ServeConfig loopback(int port) {
    return new ServeConfig(LOOPBACK, port, DEFAULT_MAX_BODY, null, null, false, DEFAULT_IDLE_TIMEOUT);
  }

  public ServeConfig withToken(String t) {
    return new ServeConfig(host, port, maxBodyBytes, t, corsOrigin, strict, idleTimeout);
  }

  public ServeConfig withCors(String origin) {
    return new ServeConfig(host, port, maxBodyBytes, token, origin, strict, idleTimeout);
  }

  public ServeConfig withStrict(boolean s) {
    return new ServeConfig(host, port, maxBodyBytes, token, corsOrigin, s, idleTimeout);
  }

  public ServeConfig withMaxBody(long bytes) {
    return new ServeConfig(host, port, bytes, token, corsOrigin, strict, idleTimeout);
  }

  public ServeConfig withIdleTimeout(Duration d) {
    return new ServeConfig(host, port, maxBodyBytes, token, corsOrigin, strict, d);
  }
}
