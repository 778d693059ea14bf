package io.flowloader.extract;

import java.net.URI;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One HTTP request of a resource: method, full URI (query encoded), headers and JSON body. */
record RequestSpec(String method, URI uri, Map<String, String> headers, JsonNode body) {

  /** Identity for loop detection: the same request twice means the paginator is looping. */
  String identity() {
    return method + " " + uri + (body == null ? "" : " " + body);
  }

  RequestSpec withUri(URI other) {
    return new RequestSpec(method, other, headers, body);
  }

  RequestSpec withBody(JsonNode other) {
    return new RequestSpec(method, uri, headers, other);
  }
}
