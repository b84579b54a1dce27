package io.wacall.api.directory;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.wacall.backend.store.directory.FieldViolation;
import io.wacall.backend.store.directory.InvalidDirectoryRequestException;
import io.wacall.backend.store.directory.RingGroupRefusedException;
import io.wacall.backend.store.directory.UnknownAgentException;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import io.wacall.api.web.Problems;
import io.wacall.api.web.RequestSizeLimit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The directory's errors as problem details. Every 400 names the field or parameter in
 * {@code errors[].field}, also for a body Jackson could not bind (a number sent as text), which
 * Spring's default mapping would only call "failed to read request". Ahead of the API-wide
 * handler, for this package's controllers only.
 */
@RestControllerAdvice(basePackageClasses = DirectoryExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DirectoryExceptionHandler {

  @ExceptionHandler(InvalidDirectoryRequestException.class)
  ProblemDetail invalid(InvalidDirectoryRequestException e) {
    return badRequest("INVALID_REQUEST", e.getMessage(), e.violations());
  }

  @ExceptionHandler(RingGroupRefusedException.class)
  ProblemDetail ringGroupRefused(RingGroupRefusedException e) {
    ProblemDetail problem = badRequest(e.reason().name(), e.getMessage(),
        List.of(new FieldViolation("members", e.problem())));
    problem.setProperty("agentIds", e.agentIds());
    return problem;
  }

  @ExceptionHandler(UnknownPhoneNumberException.class)
  ProblemDetail unknownNumber(UnknownPhoneNumberException e) {
    ProblemDetail problem = Problems.problem(HttpStatus.NOT_FOUND, "PHONE_NUMBER_NOT_FOUND", e.getMessage());
    problem.setProperty("phoneNumberId", e.phoneNumberId());
    return problem;
  }

  @ExceptionHandler(UnknownAgentException.class)
  ProblemDetail unknownAgent(UnknownAgentException e) {
    ProblemDetail problem = Problems.problem(HttpStatus.NOT_FOUND, "AGENT_NOT_FOUND", e.getMessage());
    problem.setProperty("agentId", e.agentId());
    return problem;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    Optional<ProblemDetail> tooLarge = RequestSizeLimit.tooLarge(e);
    if (tooLarge.isPresent()) {
      return tooLarge.get();
    }
    if (e.getCause() instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String field = path(m.getPath());
      String message = m instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
          ? "must be " + describe(mismatch.getTargetType())
          : "is not valid (" + m.getOriginalMessage() + ")";
      return badRequest("INVALID_REQUEST", field + ": " + message, List.of(new FieldViolation(field, message)));
    }
    String detail = e.getCause() == null ? "a JSON request body is required" : "the request body is not valid JSON";
    return badRequest("INVALID_REQUEST", detail, List.of(new FieldViolation("body", detail)));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    String expected = e.getRequiredType() == null ? "another type" : describe(e.getRequiredType());
    return badRequest("INVALID_REQUEST", e.getName() + ": must be " + expected,
        List.of(new FieldViolation(e.getName(), "must be " + expected + " (got '" + e.getValue() + "')")));
  }

  private static ProblemDetail badRequest(String code, String detail, List<FieldViolation> violations) {
    ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, code, detail);
    problem.setProperty("errors", violations);
    return problem;
  }

  /** Jackson's path as the JSON field a client wrote: {@code dispositionTags[1]}. */
  private static String path(List<JsonMappingException.Reference> references) {
    return references.stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a " + type.getSimpleName();
  }
}
