package io.flowloader.api.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.FlowLoaderApplication;
import io.flowloader.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Starting the service without an API token is refused, with a message that says what to set. */
class ApiStartupIntegrationTests {

  private static void start(String... extra) {
    TestDatabase db = TestDatabase.get();
    List<String> args = new ArrayList<>();
    args.add("--spring.datasource.url=" + db.jdbcUrl());
    args.add("--spring.datasource.username=" + db.username());
    args.add("--spring.datasource.password=" + db.password());
    args.add("--server.port=0");
    args.add("--management.server.port=0");
    args.add("--spring.main.banner-mode=off");
    args.addAll(List.of(extra));
    new SpringApplicationBuilder(FlowLoaderApplication.class)
        .run(args.toArray(String[]::new))
        .close();
  }

  @Test
  void theServiceRefusesToStartWithoutAFullToken() {
    assertThatThrownBy(() -> start("--flowloader.api.tokens=", "--flowloader.api.read-tokens=r1"))
        .hasRootCauseInstanceOf(MissingApiTokensException.class)
        .rootCause()
        .hasMessageContaining("flowloader.api.tokens");
  }

  @Test
  void theServiceRefusesATokenNoClientCouldSend() {
    assertThatThrownBy(() -> start("--flowloader.api.tokens=good,bad token"))
        .hasRootCauseInstanceOf(InvalidApiTokenException.class)
        .rootCause()
        .hasMessageNotContaining("bad token");
  }
}
