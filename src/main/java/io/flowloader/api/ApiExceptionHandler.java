package io.flowloader.api;

import io.flowloader.schedule.LoadLauncher;
import io.flowloader.schedule.TenantBusyException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns the API's failures into {@code application/problem+json}. Messages come from our own
 * exceptions, which never carry secrets.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  @ExceptionHandler(TenantBusyException.class)
  ResponseEntity<ProblemDetail> busy(TenantBusyException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("Tenant is already loading");
    problem.setProperty("tenant", e.tenant());
    if (e.runningLoadId() != null) {
      problem.setProperty("runningLoadId", e.runningLoadId());
      problem.setInstance(URI.create("/loads/" + e.runningLoadId()));
    }
    return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
    return ResponseEntity.badRequest()
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
  }

  @ExceptionHandler(LoadLauncher.TooManyLoadsException.class)
  ResponseEntity<ProblemDetail> tooMany(LoadLauncher.TooManyLoadsException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "30")
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
  }

  @ExceptionHandler(LoadLauncher.ShuttingDownException.class)
  ResponseEntity<ProblemDetail> stopping(LoadLauncher.ShuttingDownException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
  }
}
