package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.source.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retry decisions and the auth a request carries, each on its own. */
class RetryPolicyAndAuthTests {

  private static final ExtractOptions OPTIONS =
      ExtractOptions.defaults()
          .withRetries(3, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1));

  private static AttemptOutcome.Retryable retryable(Duration retryAfter) {
    return new AttemptOutcome.Retryable("429", retryAfter, "HTTP 429: slow down", 429);
  }

  @Test
  void retryAfterIsWaitedExactlyAndCountsAgainstTheBudget() {
    RetryPolicy policy = new RetryPolicy(OPTIONS);
    RetryPolicy.Budget budget = new RetryPolicy.Budget();
    assertThat(policy.next(retryable(Duration.ofSeconds(4)), 1, budget))
        .isEqualTo(new RetryPolicy.Wait(Duration.ofSeconds(4)));
    assertThat(policy.next(retryable(Duration.ofSeconds(5)), 2, budget))
        .isEqualTo(new RetryPolicy.Wait(Duration.ofSeconds(5)));
    // 9 s waited: another 2 s would exceed the 10 s budget.
    RetryPolicy.Decision third = policy.next(retryable(Duration.ofSeconds(2)), 3, budget);
    assertThat(third).isInstanceOf(RetryPolicy.GiveUp.class);
    assertThat(((RetryPolicy.GiveUp) third).why())
        .contains("retry budget of PT10S", "already waited PT9S", "HTTP 429: slow down");
  }

  @Test
  void backoffDoublesWithJitterAndRetriesAreCounted() {
    RetryPolicy policy = new RetryPolicy(OPTIONS);
    for (int i = 0; i < 50; i++) {
      assertThat(policy.backoff(1).toMillis()).isBetween(50L, 100L);
      assertThat(policy.backoff(3).toMillis()).isBetween(200L, 400L);
      assertThat(policy.backoff(10).toMillis()).isBetween(500L, 1000L); // capped at 1 s
    }
    RetryPolicy.Decision fourth = policy.next(retryable(null), 4, new RetryPolicy.Budget());
    assertThat(((RetryPolicy.GiveUp) fourth).why())
        .startsWith("failed after 4 attempts (3 retries)");
  }

  @Test
  void authIsBoundToTheTenantAndItsSecretsAreNamed() {
    Map<String, String> tenant = Map.of("{tenant.api_key}", "k3y", "{tenant.name}", "acme");
    RequestAuth header =
        RequestAuth.bind(
            new AuthConfig.ApiKey("x-api-key", "{tenant.api_key}", AuthConfig.Location.HEADER),
            tenant::get);
    assertThat(header.headers()).containsExactly(Map.entry("x-api-key", "k3y"));
    assertThat(header.queryParams()).isEmpty();
    assertThat(header.secrets()).containsExactly("k3y");
    assertThat(header.sensitiveParams()).containsExactly("x-api-key");

    RequestAuth query =
        RequestAuth.bind(
            new AuthConfig.ApiKey("key", "{tenant.api_key}", AuthConfig.Location.QUERY),
            tenant::get);
    assertThat(query.headers()).isEmpty();
    assertThat(query.queryParams()).containsExactly(Map.entry("key", "k3y"));

    RequestAuth bearer = RequestAuth.bind(new AuthConfig.Bearer("{tenant.api_key}"), tenant::get);
    assertThat(bearer.headers()).containsExactly(Map.entry("Authorization", "Bearer k3y"));
    assertThat(bearer.secrets()).containsExactly("k3y");

    RequestAuth basic =
        RequestAuth.bind(
            new AuthConfig.HttpBasic("{tenant.name}", "{tenant.api_key}"), tenant::get);
    String pair =
        new String(
            Base64.getDecoder()
                .decode(basic.headers().get("Authorization").substring("Basic ".length())),
            StandardCharsets.UTF_8);
    assertThat(pair).isEqualTo("acme:k3y");
    assertThat(basic.secrets()).containsExactly("k3y");

    RequestAuth none = RequestAuth.bind(null, tenant::get);
    assertThat(none.headers()).isEmpty();
    assertThat(none.secrets()).isEmpty();
  }
}
