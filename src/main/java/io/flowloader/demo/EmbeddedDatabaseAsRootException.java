package io.flowloader.demo;

/** The demo's embedded PostgreSQL was asked to start as root, which PostgreSQL refuses. */
class EmbeddedDatabaseAsRootException extends IllegalStateException {

  EmbeddedDatabaseAsRootException() {
    super("The demo's embedded PostgreSQL cannot run as root (PostgreSQL refuses to)");
  }
}
