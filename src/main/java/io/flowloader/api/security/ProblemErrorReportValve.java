package io.flowloader.api.security;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error answers as {@code application/problem+json} instead of its HTML page: those of
 * requests Tomcat rejects before any filter runs (an encoded {@code /} or {@code \}, {@code %00}, a
 * {@code ..} above the root, a malformed request line), which Spring Security's firewall never
 * sees. Like Tomcat's page with {@code showReport=false}, the body never repeats the request or
 * Tomcat's message.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

  /** Public: Tomcat's host instantiates its error report valve class by name. */
  public ProblemErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  /**
   * Replaces the host's HTML error report valves with this one (for a Tomcat context), and makes it
   * the host's error report valve class, which the host would otherwise add when it starts.
   */
  static TomcatContextCustomizer installer() {
    return context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
      }
      var pipeline = context.getParent().getPipeline();
      for (Valve valve : pipeline.getValves()) {
        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
          pipeline.removeValve(valve);
        }
      }
      pipeline.addValve(new ProblemErrorReportValve());
    };
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail =
        status == 400
            ? "the web server rejected the request: its URL or headers are malformed or"
                + " ambiguous (encoded separators, '..' segments, control characters)"
            : title;
    String body =
        "{\"type\":\"about:blank\",\"title\":\""
            + title
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + detail
            + "\"}";
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot be written: nothing left to tell it.
    }
  }
}
