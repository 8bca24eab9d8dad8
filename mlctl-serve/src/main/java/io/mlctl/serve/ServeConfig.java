package io.mlctl.serve;

/**
 * How the server listens. Immutable.
 *
 * @param host the address to bind: loopback unless the user says otherwise
 * @param port the port, or 0 for any free one
 */
public record ServeConfig(String host, int port) {
  public static final String LOOPBACK = "127.0.0.1";

  public static ServeConfig loopback(int port) {
    return new ServeConfig(LOOPBACK, port);
  }
}
