package io.flowloader.api;

import io.flowloader.schedule.LoadLauncher;
import io.flowloader.schedule.TenantBusyException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns the API's failures into {@code application/problem+json}. Messages come from our own
 * exceptions, which never carry secrets; every detail is clipped to {@link Echo#LIMIT} characters
 * of the caller's input (Spring's own details repeat paths and parameter values).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  @ExceptionHandler(TenantBusyException.class)
  ResponseEntity<ProblemDetail> busy(TenantBusyException e, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("Tenant is already loading");
    problem.setProperty("tenant", Echo.clip(e.tenant()));
    if (e.runningLoadId() != null) {
      problem.setProperty("runningLoadId", e.runningLoadId());
      problem.setInstance(URI.create("/loads/" + e.runningLoadId()));
    }
    return ResponseEntity.status(HttpStatus.CONFLICT).body(bounded(problem, request));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e, HttpServletRequest request) {
    return ResponseEntity.badRequest()
        .body(
            bounded(
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()), request));
  }

  @ExceptionHandler(LoadLauncher.TooManyLoadsException.class)
  ResponseEntity<ProblemDetail> tooMany(
      LoadLauncher.TooManyLoadsException e, HttpServletRequest request) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "30")
        .body(
            bounded(
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()),
                request));
  }

  @ExceptionHandler(LoadLauncher.ShuttingDownException.class)
  ResponseEntity<ProblemDetail> stopping(
      LoadLauncher.ShuttingDownException e, HttpServletRequest request) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            bounded(
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()),
                request));
  }

  /** Every problem Spring MVC renders here (404, 405, 400 for bad parameters, ...) passes by. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servlet) {
      bounded(problem, servlet.getRequest());
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  /**
   * Clips the detail, and sets the instance (which Spring would otherwise fill with the whole
   * request path) to the path clipped to {@link Echo#LIMIT} characters.
   */
  private static ProblemDetail bounded(ProblemDetail problem, HttpServletRequest request) {
    problem.setDetail(Echo.clip(problem.getDetail(), Echo.DETAIL_LIMIT));
    if (problem.getInstance() == null) {
      problem.setInstance(Echo.path(request.getRequestURI()));
    }
    return problem;
  }
}
