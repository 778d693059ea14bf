package io.flowloader.extract;

import io.flowloader.source.JsonPath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>With a {@link CursorFilter} (an incremental resource's bounds), records the filter drops are
 * counted but never handed out. A streamed record is then parsed in one of two ways, chosen by the
 * record before it: after a kept record it is built as a tree while it is tokenized, and the filter
 * looks at the tree; after a dropped record it is tokenized without building anything, reading only
 * the cursor field's scalar, and only when the filter keeps it is it built — by parsing its bytes
 * again (the chunks fed since the record began are kept for that, found by the parser's byte
 * offsets). Either way a kept record's tree is the one the builder makes. On an incremental re-run
 * that finds nothing new, only a page's first record is built (a parser starts in building mode):
 * building trees was most of the parsing work and of the garbage.
 */
final class RecordStreamParser {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonMapper mapper;
  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  private final JsonPath selector;
  private final Consumer<JsonNode> records;
  private final CursorFilter preFilter;
  private final Skipper skipper;
  // Skip-mode state: whether the next record starts in skip mode (the last one was dropped), and
  // the chunks fed since the current skipped record began (all arrays whole, from offset 0).
  private boolean skipNext;
  private boolean skipping;
  private final List<byte[]> segments = new ArrayList<>();
  private long segmentsStart;
  private long fed;
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
    this(mapper, selector, records, null);
  }

  /**
   * A parser handing out only the records {@code preFilter} keeps (null: every record). The filter
   * must see the cursor field as it arrives: no processing step may change that field.
   */
  RecordStreamParser(
      JsonMapper mapper, JsonPath selector, Consumer<JsonNode> records, CursorFilter preFilter) {
    this.mapper = mapper;
    this.parser = mapper.createNonBlockingByteArrayParser();
    this.feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
    this.selector = selector;
    this.records = records;
    this.preFilter = preFilter;
    this.skipper = preFilter == null ? null : new Skipper(preFilter.cursorPath().fields());
  }

  /** Feeds a chunk (the array must not be reused by the caller) and handles every token in it. */
  void feed(byte[] bytes, int offset, int length) {
    if (preFilter == null) {
      feeder.feedInput(bytes, offset, offset + length);
      drain();
      return;
    }
    // Byte offsets below count the bytes fed; a chunk is kept whole, so start it at 0.
    byte[] chunk =
        offset == 0 && length == bytes.length
            ? bytes
            : Arrays.copyOfRange(bytes, offset, offset + length);
    segments.add(chunk);
    fed += chunk.length;
    feeder.feedInput(chunk, 0, chunk.length);
    drain();
    // Keep the chunks a skipped record began in (and the last one: cheap, and safe).
    long keep = skipping ? skipper.start : fed - chunk.length;
    while (!segments.isEmpty() && segmentsStart + segments.get(0).length <= keep) {
      segmentsStart += segments.remove(0).length;
    }
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
    if (skipping) {
      if (skipper.accept(t)) {
        skipping = false;
        skipped();
      }
      return;
    }
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
      if (skipNext && t == JsonToken.START_OBJECT) {
        // The parser has just consumed the '{' (its token location is not exact: one past the
        // byte for some tokens), so the input position is one past it.
        long start = parser.currentLocation().getByteOffset() - 1;
        if (start >= segmentsStart) { // always, as chunks are kept; else build it as usual
          skipper.begin(start);
          skipping = true;
          return;
        }
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
    if (preFilter != null) {
      skipNext = preFilter.drops(node);
      if (skipNext) {
        return;
      }
    }
    records.accept(node);
  }

  /** A record tokenized in skip mode has ended: drop it, or build it from its bytes. */
  private void skipped() {
    count++;
    if (!skipper.undecided && preFilter.drops(skipper.cursorText)) {
      return; // skipNext stays true
    }
    // The parser has just consumed the record's '}': the input position is one past it.
    JsonNode record = rebuild(skipper.start, parser.currentLocation().getByteOffset());
    // A cursor value that is an object or array compares as its JSON text: decide on the tree.
    skipNext = skipper.undecided && preFilter.drops(record);
    if (!skipNext) {
      records.accept(record);
    }
  }

  /** Builds the record held by body bytes {@code [start, end)} as the streaming builder does. */
  private JsonNode rebuild(long start, long end) {
    byte[] bytes = new byte[Math.toIntExact(end - start)];
    long segmentStart = segmentsStart;
    int filled = 0;
    for (byte[] segment : segments) {
      long from = Math.max(start, segmentStart);
      long to = Math.min(end, segmentStart + segment.length);
      if (from < to) {
        int n = (int) (to - from);
        System.arraycopy(segment, (int) (from - segmentStart), bytes, filled, n);
        filled += n;
      }
      segmentStart += segment.length;
    }
    if (filled != bytes.length || bytes[0] != '{' || bytes[bytes.length - 1] != '}') {
      throw new IllegalStateException("the bytes of a skipped record are not where expected");
    }
    try (JsonParser again = mapper.createParser(bytes)) {
      RecordBuilder builder = new RecordBuilder(again);
      JsonToken t;
      while ((t = again.nextToken()) != null) {
        if (builder.accept(t)) {
          return builder.result;
        }
      }
    }
    throw new IllegalStateException("a skipped record's bytes did not hold the whole record");
  }

  /**
   * Follows one record object's tokens without building it, keeping only the scalar text of the
   * cursor field, exactly as {@link JsonPath#selectText} would find it in the tree: through objects
   * only, the last of duplicate names winning (a repeated parent replaces what an earlier one
   * held). A cursor value that is an object or array is left undecided: the record is built.
   */
  private final class Skipper {
    private final List<String> path;
    long start;
    private int depth;
    // Depth of the deepest open object on the cursor path (the record object is 1).
    private int matched;
    // The value about to come is the path's next step.
    private boolean pending;
    String cursorText;
    boolean undecided;

    Skipper(List<String> path) {
      this.path = path;
    }

    /** Starts a record at its START_OBJECT, which is at body offset {@code start}. */
    void begin(long start) {
      this.start = start;
      depth = 1;
      matched = 1;
      pending = false;
      cursorText = null;
      undecided = false;
    }

    /** Takes one token; true once the record has ended. */
    boolean accept(JsonToken t) {
      switch (t) {
        case PROPERTY_NAME -> {
          pending = depth == matched && path.get(depth - 1).equals(parser.currentName());
          return false;
        }
        case START_OBJECT, START_ARRAY -> {
          if (pending) {
            pending = false;
            cursorText = null;
            undecided = depth == path.size(); // the cursor value itself is a container
            if (!undecided && t == JsonToken.START_OBJECT) {
              matched = depth + 1;
            }
          }
          depth++;
          return false;
        }
        case END_OBJECT, END_ARRAY -> {
          if (depth == matched) {
            matched--;
          }
          depth--;
          return depth == 0;
        }
        default -> {
          if (pending) {
            pending = false;
            undecided = false;
            cursorText =
                depth == path.size() && t != JsonToken.VALUE_NULL
                    ? RecordBuilder.scalar(parser, t).asString()
                    : null;
          }
          return false;
        }
      }
    }
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
