package io.wacall.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on every {@code /api/**} route, against the configured
 * static tokens, compared in constant time. A hand-written filter rather than Spring Security:
 * the whole policy is one comparison, and Spring Security's filter chain would add a dependency
 * and defaults (CSRF, sessions) that a token-only machine API has to switch off again.
 */
public class ApiTokenFilter extends OncePerRequestFilter {
  private static final String PREFIX = "Bearer ";
  private final List<byte[]> tokens;
  private final ObjectMapper json;

  public ApiTokenFilter(ApiProperties properties, ObjectMapper json) {
    this.tokens = properties.tokens().stream()
        .filter(t -> t != null && !t.isBlank())
        .map(t -> t.trim().getBytes(StandardCharsets.UTF_8))
        .toList();
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals("/api") || path.startsWith("/api/"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.startsWith(PREFIX) && known(header.substring(PREFIX.length()).trim())) {
      chain.doFilter(request, response);
      return;
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
        header == null ? "Authorization: Bearer <token> is required" : "the bearer token is not valid");
    problem.setTitle("Unauthorized");
    problem.setType(URI.create("https://wacall.io/problems/unauthorized"));
    problem.setProperty("code", "UNAUTHORIZED");
    response.setStatus(HttpStatus.UNAUTHORIZED.value());
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  private boolean known(String presented) {
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] token : tokens) {
      match |= MessageDigest.isEqual(given, token); // no early exit: constant time over the list
    }
    return match;
  }
}
