package io.flowloader.extract;

/**
 * Extraction of a resource failed: a terminal HTTP status, retries or the time budget exhausted, a
 * paginator loop, an invalid body. The message names tenant, resource, method and URL path (query
 * secrets redacted), the status and the API's own message; it never contains a secret.
 */
public class ExtractException extends RuntimeException {

  private final Integer status;

  public ExtractException(String message, Integer status) {
    super(message);
    this.status = status;
  }

  /** The HTTP status of the failing response, or null when there was none. */
  public Integer status() {
    return status;
  }
}
