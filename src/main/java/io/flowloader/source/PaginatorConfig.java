package io.flowloader.source;

/**
 * How a resource walks its pages, mirroring dlt's {@code paginator} types key for key. Every type
 * carries {@code max_pages}, a safety cap: reaching it fails the resource instead of silently
 * dropping data (use {@code maximum_page} / {@code maximum_offset} for an intended limit).
 */
public sealed interface PaginatorConfig {

  /** Default safety cap on pages per request sequence. */
  int DEFAULT_MAX_PAGES = 100_000;

  /** The {@code type} key in YAML. */
  String type();

  /** Safety cap on pages per request sequence (one parent, one window). */
  int maxPages();

  /** One request, no paging (dlt {@code single_page}). */
  record SinglePage(int maxPages) implements PaginatorConfig {
    @Override
    public String type() {
      return "single_page";
    }
  }

  /**
   * Page numbers in a query parameter (dlt {@code page_number}). Stops on an empty page (when
   * {@code stopAfterEmptyPage}), when {@code total_path}'s total is reached — counted as pages or,
   * with {@code total_kind: items}, as records received — or after {@code maximum_page}.
   */
  record PageNumber(
      String pageParam,
      int basePage,
      int page,
      JsonPath totalPath,
      TotalKind totalKind,
      Integer maximumPage,
      boolean stopAfterEmptyPage,
      int maxPages)
      implements PaginatorConfig {
    @Override
    public String type() {
      return "page_number";
    }
  }

  /**
   * What the number at {@code total_path} counts. dlt counts pages; Boomi's envelope counts items.
   */
  enum TotalKind {
    PAGES,
    ITEMS
  }

  /** Offset and limit query parameters (dlt {@code offset}). */
  record Offset(
      String offsetParam,
      String limitParam,
      int offset,
      int limit,
      JsonPath totalPath,
      Integer maximumOffset,
      boolean stopAfterEmptyPage,
      int maxPages)
      implements PaginatorConfig {
    @Override
    public String type() {
      return "offset";
    }
  }

  /** The next page's URL sits in the body (dlt {@code json_link}). */
  record JsonLink(JsonPath nextUrlPath, int maxPages) implements PaginatorConfig {
    @Override
    public String type() {
      return "json_link";
    }
  }

  /** The next page's URL sits in an RFC 5988 {@code Link} header (dlt {@code header_link}). */
  record HeaderLink(String linksNextKey, int maxPages) implements PaginatorConfig {
    @Override
    public String type() {
      return "header_link";
    }
  }

  /**
   * A cursor from the body goes into a query parameter or, with {@code cursor_body_path}, into the
   * JSON request body (dlt {@code cursor}).
   */
  record Cursor(JsonPath cursorPath, String cursorParam, String cursorBodyPath, int maxPages)
      implements PaginatorConfig {
    @Override
    public String type() {
      return "cursor";
    }
  }
}
