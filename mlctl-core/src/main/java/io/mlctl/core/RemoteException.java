package io.mlctl.core;

/** A remote failed: unreachable, refused, missing credentials, or sent damaged bytes. */
public final class RemoteException extends MlctlException {
  private static final long serialVersionUID = 1L;

  public RemoteException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  public RemoteException(String message, String hint) {
    super(message, hint);
  }
}
