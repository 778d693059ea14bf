package io.flowloader.extract;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds the records of one page until the page's body has ended validly — the extract stage's
 * answer to "a truncated body is retried, never half-used". Records are held in memory while the
 * page's body is small (an envelope page is bounded by its page size); once more than the spill
 * threshold of body bytes has arrived (a bare-array response of tens of MB), the records move to a
 * temporary file as JSON lines and are read back one by one after the body completed. Heap use is
 * therefore bounded by the threshold plus one record, whatever the response size; a failed response
 * is discarded together with its file. Records reaching the buffer have already passed the
 * processing steps, so a fingerprinted secret never touches the disk.
 */
final class PageBuffer implements AutoCloseable {

  private final JsonMapper mapper;
  private final long spillThreshold;
  private final List<JsonNode> memory = new ArrayList<>();
  private Path file;
  private BufferedWriter writer;
  private int size;

  PageBuffer(JsonMapper mapper, long spillThreshold) {
    this.mapper = mapper;
    this.spillThreshold = spillThreshold;
  }

  /** Tells the buffer how many body bytes of this page have arrived so far. */
  void bodyBytes(long total) {
    if (writer == null && total > spillThreshold) {
      spill();
    }
  }

  void add(JsonNode record) {
    size++;
    if (writer == null) {
      memory.add(record);
      return;
    }
    try {
      writer.write(mapper.writeValueAsString(record));
      writer.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write page spill file", e);
    }
  }

  int size() {
    return size;
  }

  boolean spilled() {
    return file != null;
  }

  /** Hands every record, in order, to {@code consumer}. */
  void forEach(Consumer<JsonNode> consumer) {
    if (writer == null) {
      memory.forEach(consumer);
      return;
    }
    try {
      writer.close();
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          consumer.accept(mapper.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read page spill file", e);
    }
  }

  private void spill() {
    try {
      file = Files.createTempFile("flowloader-page-", ".jsonl");
      file.toFile().deleteOnExit();
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      for (JsonNode r : memory) {
        writer.write(mapper.writeValueAsString(r));
        writer.write('\n');
      }
      memory.clear();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create page spill file", e);
    }
  }

  @Override
  public void close() {
    memory.clear();
    if (file != null) {
      try {
        writer.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Best effort: deleteOnExit remains.
      }
    }
  }
}
