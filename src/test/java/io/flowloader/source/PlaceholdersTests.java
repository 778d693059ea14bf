package io.flowloader.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTests {

  @Test
  void findsPlaceholdersAndLeavesOtherBracesAlone() {
    assertThat(Placeholders.find("draw/1/graph/flow/{resources.flows.id.id}?x={a b}"))
        .containsExactly(new Placeholders.Placeholder("resources", "flows.id.id"));
    var p = Placeholders.find("{resources.flows.id.id}").get(0);
    assertThat(p.parentResource()).isEqualTo("flows");
    assertThat(p.parentField()).isEqualTo("id.id");
  }

  @Test
  void resolvesWithEncoderAndOmitsWholeNullValues() {
    Map<String, String> values = Map.of("resources:flows.id.id", "a/b c", "tenant:tenant_id", "t1");
    var resolved =
        Placeholders.resolve(
            "flow/{resources.flows.id.id}/{tenant.tenant_id}",
            p -> values.get(p.namespace() + ":" + p.path()),
            s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    assertThat(resolved).isEqualTo("flow/a%2Fb%20c/t1");
    assertThat(Placeholders.resolve("{incremental.start_value}", p -> null, s -> s)).isNull();
    assertThat(Placeholders.resolve("plain", p -> null, s -> s)).isEqualTo("plain");
    assertThatThrownBy(() -> Placeholders.resolve("x{incremental.start_value}", p -> null, s -> s))
        .isInstanceOf(IllegalStateException.class);
  }
}
