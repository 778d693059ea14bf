package io.flowloader.extract;

import io.flowloader.source.JsonPath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses a response body chunk by chunk with Jackson's non-blocking parser and hands out each
 * element of the selected array as soon as its last token arrives, so a body of any size is parsed
 * with memory bounded by one record. Everything outside the selected array (the envelope: {@code
 * _meta}, {@code _links}, a cursor) is kept as a small tree for the paginator, with the selected
 * array left empty in it.
 *
 * <p>Selection: {@code data_selector} (a {@link JsonPath} of field steps) names the records array;
 * without one, or with {@code $}, a root array's elements are the records and a root object is a
 * single record. A selected value that is an object is one record. Integers keep their size
 * (int/long/BigInteger nodes); fractions become doubles.
 */
final class RecordStreamParser {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  private final JsonPath selector;
  private final Consumer<JsonNode> records;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private String pendingName;
  private RecordBuilder record;
  private JsonNode root;
  private boolean done;
  private boolean streamedArray;
  private int count;

  private record Frame(
      tools.jackson.databind.node.ContainerNode<?> node,
      boolean array,
      boolean records,
      String name) {}

  RecordStreamParser(JsonMapper mapper, JsonPath selector, Consumer<JsonNode> records) {
    this.parser = mapper.createNonBlockingByteArrayParser();
    this.feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
    this.selector = selector;
    this.records = records;
  }

  /** Feeds a chunk (the array must not be reused by the caller) and handles every token in it. */
  void feed(byte[] bytes, int offset, int length) {
    feeder.feedInput(bytes, offset, offset + length);
    drain();
  }

  /**
   * Signals the end of the body. Throws {@link TruncatedBodyException} when the JSON document did
   * not end, so a cut-off response is never mistaken for a short one.
   */
  void end() {
    feeder.endOfInput();
    try {
      drain();
    } catch (tools.jackson.core.exc.UnexpectedEndOfInputException e) {
      throw new TruncatedBodyException(
          "the response body ended before its JSON document was complete");
    }
    if (!done) {
      throw new TruncatedBodyException(
          root == null && stack.isEmpty() && record == null
              ? "the response body is empty"
              : "the response body ended before its JSON document was complete");
    }
    if (!streamedArray) {
      JsonNode selected = selected();
      if (selected != null && !selected.isNull()) {
        if (selected.isArray()) {
          selected.forEach(this::emit);
        } else {
          emit(selected);
        }
      }
    }
  }

  /** The document without the streamed records (their array left empty); null for a root array. */
  JsonNode envelope() {
    return root;
  }

  /** Whether the data selector's path exists in the document (meaningful after {@link #end()}). */
  boolean selectorFound() {
    return streamedArray || selector == null || selector.isRoot() || selected() != null;
  }

  int count() {
    return count;
  }

  private JsonNode selected() {
    if (root == null) {
      return null;
    }
    if (selector == null || selector.isRoot()) {
      return root;
    }
    return selector.select(root);
  }

  private void drain() {
    JsonToken t;
    while (!done && (t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
      handle(t);
    }
  }

  private void handle(JsonToken t) {
    if (record != null) {
      if (record.accept(t)) {
        emit(record.result);
        record = null;
      }
      return;
    }
    Frame top = stack.peek();
    if (top != null && top.records()) {
      if (t == JsonToken.END_ARRAY) {
        stack.pop();
        closed(top);
        return;
      }
      record = new RecordBuilder(parser);
      if (record.accept(t)) {
        emit(record.result);
        record = null;
      }
      return;
    }
    switch (t) {
      case PROPERTY_NAME -> pendingName = parser.currentName();
      case START_OBJECT, START_ARRAY -> {
        boolean array = t == JsonToken.START_ARRAY;
        boolean recordsArray = array && selects();
        tools.jackson.databind.node.ContainerNode<?> node =
            array ? NODES.arrayNode() : NODES.objectNode();
        String name = pendingName;
        attach(node);
        if (recordsArray) {
          streamedArray = true;
        }
        stack.push(new Frame(node, array, recordsArray, name));
      }
      case END_OBJECT, END_ARRAY -> closed(stack.pop());
      default -> {
        JsonNode scalar = RecordBuilder.scalar(parser, t);
        attach(scalar);
        if (stack.isEmpty()) {
          done = true;
        }
      }
    }
  }

  private void closed(Frame frame) {
    if (stack.isEmpty()) {
      done = true;
    }
  }

  /** Is the array about to open the selected records array? */
  private boolean selects() {
    List<String> path = new ArrayList<>();
    for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
      Frame f = it.next();
      if (f.array()) {
        return false;
      }
      if (f.name() != null) {
        path.add(f.name());
      }
    }
    if (stack.isEmpty()) {
      return selector == null || selector.isRoot();
    }
    if (selector == null || selector.isRoot()) {
      return false;
    }
    path.add(pendingName);
    return path.equals(selector.fields());
  }

  private void attach(JsonNode node) {
    Frame top = stack.peek();
    if (top == null) {
      root = node;
    } else if (top.array()) {
      ((ArrayNode) top.node()).add(node);
    } else {
      ((ObjectNode) top.node()).set(pendingName, node);
    }
    pendingName = null;
  }

  private void emit(JsonNode node) {
    count++;
    records.accept(node);
  }

  /** Builds one JSON value from tokens. */
  static final class RecordBuilder {
    private final JsonParser parser;
    private final Deque<tools.jackson.databind.node.ContainerNode<?>> containers =
        new ArrayDeque<>();
    private String name;
    JsonNode result;

    RecordBuilder(JsonParser parser) {
      this.parser = parser;
    }

    /** Takes one token; true once the value is complete (then see {@link #result}). */
    boolean accept(JsonToken t) {
      switch (t) {
        case PROPERTY_NAME -> {
          name = parser.currentName();
          return false;
        }
        case START_OBJECT, START_ARRAY -> {
          tools.jackson.databind.node.ContainerNode<?> node =
              t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
          add(node);
          containers.push(node);
          return false;
        }
        case END_OBJECT, END_ARRAY -> {
          JsonNode node = containers.pop();
          if (containers.isEmpty()) {
            result = node;
            return true;
          }
          return false;
        }
        default -> {
          JsonNode node = scalar(parser, t);
          if (containers.isEmpty()) {
            result = node;
            return true;
          }
          add(node);
          return false;
        }
      }
    }

    private void add(JsonNode node) {
      tools.jackson.databind.node.ContainerNode<?> top = containers.peek();
      if (top == null) {
        return;
      }
      if (top instanceof ArrayNode array) {
        array.add(node);
      } else {
        ((ObjectNode) top).set(name, node);
      }
    }

    static JsonNode scalar(JsonParser parser, JsonToken t) {
      return switch (t) {
        case VALUE_STRING -> NODES.stringNode(parser.getString());
        case VALUE_NUMBER_INT ->
            switch (parser.getNumberType()) {
              case INT -> NODES.numberNode(parser.getIntValue());
              case LONG -> NODES.numberNode(parser.getLongValue());
              default -> NODES.numberNode(parser.getBigIntegerValue());
            };
        case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
        case VALUE_TRUE -> NODES.booleanNode(true);
        case VALUE_FALSE -> NODES.booleanNode(false);
        case VALUE_NULL -> NODES.nullNode();
        default -> NODES.pojoNode(parser.getEmbeddedObject());
      };
    }
  }
}
