package io.flowloader.api;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HTTP API's settings.
 *
 * @param tokens bearer tokens accepted on {@code /loads} and {@code /tenants} (comma-separated in
 *     {@code FLOWLOADER_API_TOKENS}); with none configured every request is refused
 */
@ConfigurationProperties("flowloader.api")
public record ApiProperties(@DefaultValue List<String> tokens) {

  @Override
  public String toString() {
    return "ApiProperties[tokens=" + tokens.size() + " configured]";
  }
}
