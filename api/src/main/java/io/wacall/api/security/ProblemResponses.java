package io.wacall.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.api.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem details like every other error of the API. Spring Security's bearer-token
 * handlers set the status and the RFC 6750 {@code WWW-Authenticate} header; this adds the body.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {
  private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
  private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
  private final ObjectMapper json;

  ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    entryPoint.commence(request, response, e);
    boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    write(response, Problems.problem(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", presented
        ? "the bearer token is not valid (unknown, expired, or signed with a key that is not accepted)"
        : "Authorization: Bearer <token> is required"));
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    denied.handle(request, response, e);
    write(response, Problems.problem(HttpStatus.FORBIDDEN, "FORBIDDEN",
        "this credential's role may not " + request.getMethod() + " " + request.getRequestURI()));
  }

  private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
