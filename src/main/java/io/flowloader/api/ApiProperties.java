package io.flowloader.api;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HTTP API's settings. Both lists are comma-separated in the environment ({@code
 * FLOWLOADER_API_TOKENS}, {@code FLOWLOADER_API_READ_TOKENS}), which the Helm chart and compose
 * fill from a Secret; blank entries are ignored. The service refuses to start without a full token.
 *
 * @param tokens full bearer tokens: read everything and trigger loads ({@code POST /loads})
 * @param readTokens read-only bearer tokens: the {@code GET} endpoints and the management port's
 *     details, never {@code POST /loads}
 */
@ConfigurationProperties("flowloader.api")
public record ApiProperties(
    @DefaultValue List<String> tokens, @DefaultValue List<String> readTokens) {

  @Override
  public String toString() {
    return "ApiProperties[tokens="
        + tokens.size()
        + " configured, readTokens="
        + readTokens.size()
        + " configured]";
  }
}
