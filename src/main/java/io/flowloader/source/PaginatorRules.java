package io.flowloader.source;

import java.util.Objects;

/** A bound {@code paginator} with dlt's defaults, and the stop rule each paging type needs. */
final class PaginatorRules {

  private PaginatorRules() {}

  static PaginatorConfig paginator(SourceYaml.Paginator p, String where, SourceChecks checks) {
    int maxPages = Objects.requireNonNullElse(p.maxPages(), PaginatorConfig.DEFAULT_MAX_PAGES);
    boolean stopEmpty = !Boolean.FALSE.equals(p.stopAfterEmptyPage());
    JsonPath total = checks.path(p.totalPath(), where + ".total_path");
    return switch (Objects.requireNonNullElse(p.type(), "single_page")) {
      case "page_number" -> {
        if (total == null && !stopEmpty && p.maximumPage() == null) {
          checks.add(
              where
                  + ": page_number needs a stop rule: total_path, stop_after_empty_page or"
                  + " maximum_page");
        }
        int base = Objects.requireNonNullElse(p.basePage(), 0);
        yield new PaginatorConfig.PageNumber(
            Objects.requireNonNullElse(p.pageParam(), "page"),
            base,
            Objects.requireNonNullElse(p.page(), base),
            total,
            "items".equalsIgnoreCase(p.totalKind())
                ? PaginatorConfig.TotalKind.ITEMS
                : PaginatorConfig.TotalKind.PAGES,
            p.maximumPage(),
            stopEmpty,
            maxPages);
      }
      case "offset" -> {
        if (total == null && !stopEmpty && p.maximumOffset() == null) {
          checks.add(
              where
                  + ": offset needs a stop rule: total_path, stop_after_empty_page or"
                  + " maximum_offset");
        }
        yield new PaginatorConfig.Offset(
            Objects.requireNonNullElse(p.offsetParam(), "offset"),
            Objects.requireNonNullElse(p.limitParam(), "limit"),
            Objects.requireNonNullElse(p.offset(), 0),
            Objects.requireNonNullElse(p.limit(), 1),
            total,
            p.maximumOffset(),
            stopEmpty,
            maxPages);
      }
      case "json_link" ->
          new PaginatorConfig.JsonLink(
              checks.path(p.nextUrlPath(), where + ".next_url_path"), maxPages);
      case "header_link" ->
          new PaginatorConfig.HeaderLink(
              Objects.requireNonNullElse(p.linksNextKey(), "next"), maxPages);
      case "cursor" -> {
        String body = p.cursorBodyPath();
        String param = p.cursorParam() != null ? p.cursorParam() : body == null ? "cursor" : null;
        if (param != null && body != null) {
          checks.add(where + ": give cursor_param or cursor_body_path, not both");
        }
        yield new PaginatorConfig.Cursor(
            checks.path(p.cursorPath(), where + ".cursor_path"), param, body, maxPages);
      }
      default -> new PaginatorConfig.SinglePage(maxPages);
    };
  }
}
