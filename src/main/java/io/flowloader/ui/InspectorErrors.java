package io.flowloader.ui;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The inspector's errors as pages, ahead of the API's problem+json advice (which stays the answer
 * for the API's own controllers).
 */
@ControllerAdvice(assignableTypes = InspectorController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class InspectorErrors {

  @ExceptionHandler(ResponseStatusException.class)
  ModelAndView status(ResponseStatusException e, Model model) {
    return page(e.getStatusCode(), e.getReason());
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ModelAndView badRequest(Exception e) {
    return page(HttpStatus.BAD_REQUEST, "a parameter is missing or malformed");
  }

  private static ModelAndView page(HttpStatusCode code, String detail) {
    ModelAndView page = new ModelAndView("ui/error");
    page.setStatus(code);
    HttpStatus status = HttpStatus.resolve(code.value());
    page.addObject("status", code.value());
    page.addObject("reason", status == null ? "" : status.getReasonPhrase());
    page.addObject("detail", detail);
    return page;
  }
}
