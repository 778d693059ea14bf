package io.flowloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LoadConnectionPoolTests {

  private static StandardEnvironment sized(Map<String, Object> properties) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    new LoadConnectionPool(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());
    return env;
  }

  @Test
  void withoutAPoolSizeThePoolFollowsThePermits() {
    assertThat(sized(Map.of()).getProperty(LoadConnectionPool.POOL_SIZE)).isEqualTo("28");
    assertThat(
            sized(Map.of(LoadConnectionPool.PERMITS, "2"))
                .getProperty(LoadConnectionPool.POOL_SIZE))
        .isEqualTo("10");
  }

  @Test
  void aConfiguredPoolSizeIsKept() {
    StandardEnvironment env = sized(Map.of(LoadConnectionPool.POOL_SIZE, "5"));
    assertThat(env.getProperty(LoadConnectionPool.POOL_SIZE)).isEqualTo("5");
    assertThat(env.getPropertySources().contains("flowloaderLoadConnectionPool")).isFalse();
  }
}
