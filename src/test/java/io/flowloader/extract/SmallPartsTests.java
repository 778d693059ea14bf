package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retry-After parsing, URL redaction, error-body summaries and the Secret type. */
class SmallPartsTests {

  @Test
  void retryAfterInSecondsAndHttpDate() {
    Instant now = Instant.parse("2025-03-01T12:00:00Z");
    assertThat(RetryAfter.parse("2", now)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse(" 120 ", now)).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse("1.5", now)).isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:07 GMT", now))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:00:00 GMT", now)).isEqualTo(Duration.ZERO);
    String formatted =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(3).atOffset(ZoneOffset.UTC));
    assertThat(RetryAfter.parse(formatted, now)).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse("soon", now)).isNull();
    assertThat(RetryAfter.parse(null, now)).isNull();
    assertThat(RetryAfter.parse("", now)).isNull();
  }

  @Test
  void urlsAreRedacted() {
    Redaction r = new Redaction(List.of("S3cr3tKey/+="), Set.of("x-boomi-flow-api-key"));
    URI uri =
        URI.create(
            "https://user:pw@flow.boomi.com/api/admin/1/states?page=2&api_key=abc&token=t"
                + "&x-boomi-flow-api-key=k&from=2025-01-01T00:00:00Z");
    assertThat(r.url(uri))
        .isEqualTo(
            "/api/admin/1/states?page=2&api_key=***&token=***&x-boomi-flow-api-key=***"
                + "&from=2025-01-01T00:00:00Z");
    assertThat(r.url(URI.create("http://h/api/x?q=S3cr3tKey%2F%2B%3D"))).isEqualTo("/api/x?q=***");
    assertThat(r.text("key S3cr3tKey/+= leaked")).isEqualTo("key *** leaked");
  }

  @Test
  void errorBodiesAreSummarised() {
    assertThat(summarise("\"Flow not found\"", "application/json")).isEqualTo("Flow not found");
    assertThat(
            summarise(
                "{\"kind\":\"api\",\"uri\":\"/x\",\"statusCode\":404,\"responseBody\":null,"
                    + "\"message\":\"The state with ID 12345 has now expired\"}",
                "application/json"))
        .isEqualTo("The state with ID 12345 has now expired");
    assertThat(summarise("{\"failedRequirement\":\"RuntimeEnvironmentCheckRequirement\"}", null))
        .contains("RuntimeEnvironmentCheckRequirement");
    String html =
        "<html><head><title>502 Bad Gateway</title><style>body{}</style></head>"
            + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>awselb/2.0</center>"
            + "</body></html>";
    assertThat(summarise(html, "text/html")).isEqualTo("HTML page: 502 Bad Gateway: awselb/2.0");
    assertThat(summarise("", "text/plain")).isEqualTo("(empty body)");
    assertThat(summarise("x".repeat(1000), "text/plain")).hasSizeLessThan(310);
  }

  @Test
  void secretsPrintRedacted() {
    Secret s = Secret.of("9f2c4e1a7b3d48e6a0c5f1d2b8e7a6c4");
    assertThat(s.toString()).isEqualTo("***");
    assertThat(s.reveal()).isEqualTo("9f2c4e1a7b3d48e6a0c5f1d2b8e7a6c4");
    assertThat(
            new ExtractRequest(
                    "t",
                    "id",
                    s,
                    "http://x",
                    Set.of(),
                    java.util.Map.of(),
                    ExtractOptions.defaults())
                .toString())
        .doesNotContain("9f2c4e1a");
  }

  private static String summarise(String body, String type) {
    return ErrorBodies.summarise(body.getBytes(StandardCharsets.UTF_8), type);
  }
}
