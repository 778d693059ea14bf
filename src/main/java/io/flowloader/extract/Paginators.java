package io.flowloader.extract;

import io.flowloader.source.PaginatorConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stop rules of every paginator type, as stateful walkers over one request sequence (one
 * resource, one parent, one date window). A walker answers the first request and, given a fetched
 * page, the next request or null when the sequence is done. Loops (the same request twice) and the
 * {@code max_pages} cap are enforced by the caller for every type alike.
 */
final class Paginators {

  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");

  private Paginators() {}

  /** A walker over one request sequence. */
  interface Walker {
    RequestSpec first(RequestSpec base);

    /** The next request, or null when the sequence is complete. */
    RequestSpec next(RequestSpec current, Page page);
  }

  static Walker create(PaginatorConfig config) {
    if (config instanceof PaginatorConfig.PageNumber p) {
      return new PageNumber(p);
    } else if (config instanceof PaginatorConfig.Offset o) {
      return new Offset(o);
    } else if (config instanceof PaginatorConfig.JsonLink j) {
      return new JsonLink(j);
    } else if (config instanceof PaginatorConfig.HeaderLink h) {
      return new HeaderLink(h);
    } else if (config instanceof PaginatorConfig.Cursor c) {
      return new Cursor(c);
    }
    return new SinglePage();
  }

  static URI withParam(URI uri, String name, String value) {
    return UriComponentsBuilder.fromUri(uri)
        .replaceQueryParam(name, encodeQuery(value))
        .build(true)
        .toUri();
  }

  /** Encodes a query value; {@code +} too, since servers read a raw {@code +} as a space. */
  static String encodeQuery(String value) {
    return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8).replace("+", "%2B");
  }

  private static final class SinglePage implements Walker {
    @Override
    public RequestSpec first(RequestSpec base) {
      return base;
    }

    @Override
    public RequestSpec next(RequestSpec current, Page page) {
      return null;
    }
  }

  /** Reads a total as a number; a missing total is an error, not a silent stop. */
  private static long total(io.flowloader.source.JsonPath path, Page page) {
    JsonNode node = page.envelope() == null ? null : path.select(page.envelope());
    if (node == null || node.isNull()) {
      throw new IllegalStateException("total_path '" + path + "' is not in the response");
    }
    try {
      return new BigDecimal(node.asString()).longValue();
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "total_path '" + path + "' is not a number: " + node.asString());
    }
  }

  static final class PageNumber implements Walker {
    private final PaginatorConfig.PageNumber config;
    private int page;
    private long records;

    PageNumber(PaginatorConfig.PageNumber config) {
      this.config = config;
      this.page = config.page();
    }

    @Override
    public RequestSpec first(RequestSpec base) {
      return base.withUri(withParam(base.uri(), config.pageParam(), Integer.toString(page)));
    }

    @Override
    public RequestSpec next(RequestSpec current, Page fetched) {
      if (fetched.ignored()) {
        return null;
      }
      records += fetched.rawCount();
      if (config.stopAfterEmptyPage() && fetched.rawCount() == 0) {
        return null;
      }
      if (config.totalPath() != null) {
        long total = total(config.totalPath(), fetched);
        if (config.totalKind() == PaginatorConfig.TotalKind.ITEMS) {
          if (records >= total) {
            return null;
          }
        } else if (page - config.basePage() + 1 >= total) {
          return null;
        }
      }
      if (config.maximumPage() != null && page + 1 > config.maximumPage()) {
        return null;
      }
      page++;
      return current.withUri(withParam(current.uri(), config.pageParam(), Integer.toString(page)));
    }
  }

  static final class Offset implements Walker {
    private final PaginatorConfig.Offset config;
    private long offset;

    Offset(PaginatorConfig.Offset config) {
      this.config = config;
      this.offset = config.offset();
    }

    @Override
    public RequestSpec first(RequestSpec base) {
      URI uri = withParam(base.uri(), config.offsetParam(), Long.toString(offset));
      return base.withUri(withParam(uri, config.limitParam(), Integer.toString(config.limit())));
    }

    @Override
    public RequestSpec next(RequestSpec current, Page fetched) {
      if (fetched.ignored()) {
        return null;
      }
      if (config.stopAfterEmptyPage() && fetched.rawCount() == 0) {
        return null;
      }
      offset += config.limit();
      if (config.totalPath() != null && offset >= total(config.totalPath(), fetched)) {
        return null;
      }
      if (config.maximumOffset() != null && offset >= config.maximumOffset()) {
        return null;
      }
      return current.withUri(withParam(current.uri(), config.offsetParam(), Long.toString(offset)));
    }
  }

  static final class JsonLink implements Walker {
    private final PaginatorConfig.JsonLink config;

    JsonLink(PaginatorConfig.JsonLink config) {
      this.config = config;
    }

    @Override
    public RequestSpec first(RequestSpec base) {
      return base;
    }

    @Override
    public RequestSpec next(RequestSpec current, Page fetched) {
      if (fetched.ignored() || fetched.envelope() == null) {
        return null;
      }
      String next = config.nextUrlPath().selectText(fetched.envelope());
      if (next == null || next.isBlank()) {
        return null;
      }
      return current.withUri(current.uri().resolve(next.trim()));
    }
  }

  static final class HeaderLink implements Walker {
    private final PaginatorConfig.HeaderLink config;

    HeaderLink(PaginatorConfig.HeaderLink config) {
      this.config = config;
    }

    @Override
    public RequestSpec first(RequestSpec base) {
      return base;
    }

    @Override
    public RequestSpec next(RequestSpec current, Page fetched) {
      if (fetched.ignored()) {
        return null;
      }
      String next = nextLink(fetched.headers().get("link"), config.linksNextKey());
      return next == null ? null : current.withUri(current.uri().resolve(next));
    }
  }

  /** The URL of the link with {@code rel} in RFC 8288 {@code Link} header values, or null. */
  static String nextLink(java.util.List<String> headers, String rel) {
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      Matcher m = LINK.matcher(header);
      while (m.find()) {
        for (String param : m.group(2).split(";")) {
          String p = param.trim();
          if (p.toLowerCase(java.util.Locale.ROOT).startsWith("rel=")) {
            String value = p.substring(4).replace("\"", "").trim();
            for (String r : value.split("\\s+")) {
              if (r.equalsIgnoreCase(rel)) {
                return m.group(1).trim();
              }
            }
          }
        }
      }
    }
    return null;
  }

  static final class Cursor implements Walker {
    private final PaginatorConfig.Cursor config;

    Cursor(PaginatorConfig.Cursor config) {
      this.config = config;
    }

    @Override
    public RequestSpec first(RequestSpec base) {
      return base;
    }

    @Override
    public RequestSpec next(RequestSpec current, Page fetched) {
      if (fetched.ignored() || fetched.envelope() == null) {
        return null;
      }
      String cursor = config.cursorPath().selectText(fetched.envelope());
      if (cursor == null || cursor.isEmpty()) {
        return null;
      }
      if (config.cursorBodyPath() != null) {
        ObjectNode body =
            current.body() instanceof ObjectNode o
                ? o.deepCopy()
                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        String[] steps = config.cursorBodyPath().split("\\.");
        ObjectNode target = body;
        for (int i = 0; i < steps.length - 1; i++) {
          JsonNode child = target.get(steps[i]);
          target = child instanceof ObjectNode o ? o : target.putObject(steps[i]);
        }
        target.put(steps[steps.length - 1], cursor);
        return current.withBody(body);
      }
      return current.withUri(withParam(current.uri(), config.cursorParam(), cursor));
    }
  }
}
