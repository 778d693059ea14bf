package io.flowloader.load;

/** A load package could not be staged or committed; nothing of it reached the dataset. */
public class LoadException extends RuntimeException {

  public LoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public LoadException(String message) {
    super(message);
  }
}
