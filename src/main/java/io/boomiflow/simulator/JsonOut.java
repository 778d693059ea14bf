package io.boomiflow.simulator;

import tools.jackson.core.JsonGenerator;

/**
 * A thin writer over a streaming {@link JsonGenerator} that applies {@link Drift}: dropped fields
 * are skipped wherever they occur, arrays can turn into null, numbers and booleans into strings.
 * Every named write goes through here so drift needs no code in the record writers.
 */
final class JsonOut {

  final JsonGenerator g;
  final Drift drift;
  private final boolean upperIds;

  JsonOut(JsonGenerator g, Drift drift, boolean upperIds) {
    this.g = g;
    this.drift = drift;
    this.upperIds = upperIds;
  }

  private boolean name(String name) {
    if (drift.dropFields().contains(name)) {
      return false;
    }
    g.writeName(name);
    return true;
  }

  void str(String name, String value) {
    if (name(name)) {
      if (value == null) {
        g.writeNull();
      } else {
        g.writeString(value);
      }
    }
  }

  /** An id field: written upper case when configured; null stays null. */
  void id(String name, String value) {
    str(name, value != null && upperIds ? value.toUpperCase(java.util.Locale.ROOT) : value);
  }

  String idValue(String value) {
    return upperIds ? value.toUpperCase(java.util.Locale.ROOT) : value;
  }

  void num(String name, long value) {
    if (name(name)) {
      if (drift.retypeFields().contains(name)) {
        g.writeString(Long.toString(value));
      } else {
        g.writeNumber(value);
      }
    }
  }

  void dbl(String name, double value) {
    if (name(name)) {
      if (drift.retypeFields().contains(name)) {
        g.writeString(Double.toString(value));
      } else {
        g.writeNumber(value);
      }
    }
  }

  void bool(String name, boolean value) {
    if (name(name)) {
      if (drift.retypeFields().contains(name)) {
        g.writeString(Boolean.toString(value));
      } else {
        g.writeBoolean(value);
      }
    }
  }

  void nul(String name) {
    if (name(name)) {
      g.writeNull();
    }
  }

  /**
   * Starts array {@code name} when {@code present}; otherwise writes null. Returns true when the
   * caller must write the items and call {@link #end()}.
   */
  boolean array(String name, boolean present) {
    if (!name(name)) {
      return false;
    }
    if (!present || drift.nullArrays()) {
      g.writeNull();
      return false;
    }
    g.writeStartArray();
    return true;
  }

  /** Starts object {@code name} when {@code present}; otherwise writes null. */
  boolean object(String name, boolean present) {
    if (!name(name)) {
      return false;
    }
    if (!present) {
      g.writeNull();
      return false;
    }
    g.writeStartObject();
    return true;
  }

  void end() {
    if (g.streamWriteContext().inArray()) {
      g.writeEndArray();
    } else {
      g.writeEndObject();
    }
  }

  void startObject() {
    g.writeStartObject();
  }

  void endObject() {
    g.writeEndObject();
  }

  /** Fields a newer or older release would carry: written first, as a reshuffled order would. */
  void unknownFields() {
    if (drift.unknownFields()) {
      g.writeName("restrictions");
      g.writeNull();
      g.writeName("sourceRegion");
      g.writeString("eu-west-1");
      g.writeName("simExtension");
      g.writeStartObject();
      g.writeName("level");
      g.writeNumber(2);
      g.writeEndObject();
    }
  }
}
