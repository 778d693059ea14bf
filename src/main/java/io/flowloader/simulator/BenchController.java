package io.flowloader.simulator;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code GET /__sim/bench/records?n=N&page=P[&from=ISO]}: N deterministic benchmark records (issue
 * 7), 1,000 a page as a bare array, with a {@code Link: <...>; rel="next"} header while more
 * remain. {@code dateModified} is {@code 2024-01-01T00:00:00Z} plus the record index in seconds, so
 * {@code from} (inclusive) selects a suffix cheaply.
 */
@Controller
class BenchController {

  static final int PAGE_SIZE = 1_000;
  private static final JsonFactory JSON = ApiController.JSON;
  private static final long BASE_TICKS = Gen.ticks(java.time.Instant.parse("2024-01-01T00:00:00Z"));

  @GetMapping("/__sim/bench/records")
  void records(
      @RequestParam long n,
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(required = false) String from,
      HttpServletResponse response)
      throws IOException {
    if (n < 0 || page < 1) {
      ApiController.writeError(response, 400, "json-string", "n >= 0 and page >= 1 required");
      return;
    }
    long first = 0;
    if (from != null && !from.isBlank()) {
      long ticks = Gen.parseTicks(from);
      first =
          Math.max(
              0,
              Math.floorDiv(ticks - BASE_TICKS + Gen.TICKS_PER_SECOND - 1, Gen.TICKS_PER_SECOND));
    }
    long start = Math.min(n, first + (long) (page - 1) * PAGE_SIZE);
    long end = Math.min(n, start + PAGE_SIZE);
    if (end < n) {
      String next = "/__sim/bench/records?n=" + n + "&page=" + (page + 1);
      if (from != null && !from.isBlank()) {
        next +=
            "&from=" + java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8);
      }
      response.setHeader("Link", "<" + next + ">; rel=\"next\"");
    }
    response.setContentType("application/json; charset=utf-8");
    try (JsonGenerator g = JSON.createGenerator(response.getOutputStream())) {
      g.writeStartArray();
      for (long i = start; i < end; i++) {
        write(g, i);
      }
      g.writeEndArray();
    }
  }

  private static void write(JsonGenerator g, long i) {
    long h = Gen.hash(0xBE4C, i);
    g.writeStartObject();
    g.writeName("id");
    g.writeStartObject();
    g.writeName("id");
    g.writeString(Gen.uuid(0xBE4C, i, 1));
    g.writeName("versionId");
    g.writeString(Gen.uuid(0xBE4C, i, 2));
    g.writeEndObject();
    g.writeName("developerName");
    g.writeString("Bench flow " + i);
    g.writeName("developerSummary");
    g.writeString("Deterministic benchmark record number " + i);
    g.writeName("whoModified");
    g.writeStartObject();
    g.writeName("id");
    g.writeString(Gen.uuid(0xBE4C, i % 100, 3));
    g.writeName("email");
    g.writeString("user" + (i % 100) + "@bench.example.com");
    g.writeEndObject();
    g.writeName("dateCreated");
    g.writeString(Gen.format(BASE_TICKS - Gen.TICKS_PER_DAY + i * Gen.TICKS_PER_SECOND, 1));
    g.writeName("dateModified");
    g.writeString(Gen.format(BASE_TICKS + i * Gen.TICKS_PER_SECOND, 0));
    g.writeName("isActive");
    g.writeBoolean((h & 1) == 0);
    g.writeName("isDefault");
    g.writeBoolean((h & 2) == 0);
    g.writeName("stateExpirationLength");
    g.writeNumber(Gen.pick(h >>> 4, 30));
    g.writeName("idleStateExpirationLength");
    g.writeNumber(30 + Gen.pick(h >>> 12, 60));
    g.writeName("comment");
    if (i % 3 == 0) {
      g.writeNull();
    } else {
      g.writeString("Comment " + i);
    }
    g.writeName("tags");
    g.writeStartArray();
    int tags = i % 2 == 0 ? 2 : 3;
    for (int t = 0; t < tags; t++) {
      g.writeStartObject();
      g.writeName("name");
      g.writeString("tag-" + Gen.pick(h >>> (20 + t * 4), 16));
      g.writeName("weight");
      g.writeNumber(t + 1);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeName("category");
    g.writeString(i % 2 == 0 ? "finance" : "operations");
    g.writeName("priority");
    g.writeString(i % 5 == 0 ? "high" : "normal");
    g.writeName("region");
    g.writeString(i % 4 == 0 ? "eu" : "us");
    g.writeEndObject();
  }
}
