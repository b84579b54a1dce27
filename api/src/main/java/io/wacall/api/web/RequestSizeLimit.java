package io.wacall.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the request body of {@code /api} and {@code /codec}: 256 KiB by default (an SDP is at most
 * 64 KiB), more for a rate-card upload. A declared {@code Content-Length} over the cap is refused
 * with 413 before anything is read; a chunked body is counted as it is read and fails with
 * {@link TooLarge} (413 through {@link ApiExceptionHandler}) once it passes the cap.
 *
 * <p>Hand-written because neither Tomcat nor Spring MVC has a per-path body limit for JSON or CSV
 * bodies (Tomcat's {@code maxPostSize} covers form posts only).
 */
public class RequestSizeLimit extends OncePerRequestFilter {
  public static final long DEFAULT_LIMIT = 256 * 1024;
  public static final long RATE_CARD_LIMIT = 8 * 1024 * 1024;
  public static final long CODEC_LIMIT = 8 * 1024 * 1024;

  private final ObjectMapper json;

  public RequestSizeLimit(ObjectMapper json) {
    this.json = json;
  }

  /** A body that passed its cap while it was read. */
  public static final class TooLarge extends IOException {
    private final long limit;

    public TooLarge(long limit) {
      super("the request body is larger than " + limit + " bytes");
      this.limit = limit;
    }
  }

  /**
   * The 413 problem when a body passed its cap while it was read: a {@link TooLarge} somewhere in
   * {@code e}'s causes (Spring wraps it when a message converter reads the body).
   */
  public static Optional<ProblemDetail> tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TooLarge tooLarge) {
        return Optional.of(tooLargeProblem(tooLarge.limit));
      }
    }
    return Optional.empty();
  }

  private static ProblemDetail tooLargeProblem(long limit) {
    return Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemCode.PAYLOAD_TOO_LARGE.name(),
        "the request body is larger than " + limit + " bytes");
  }

  static long limitFor(HttpServletRequest request) {
    String path = request.getServletPath();
    if (HttpMethod.POST.matches(request.getMethod()) && path.equals("/api/v1/rate-cards")) {
      return RATE_CARD_LIMIT;
    }
    return path.startsWith("/codec/") ? CODEC_LIMIT : DEFAULT_LIMIT;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = limitFor(request);
    if (request.getContentLengthLong() > limit) {
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      json.writeValue(response.getOutputStream(), tooLargeProblem(limit));
      return;
    }
    chain.doFilter(new Capped(request, limit), response);
  }

  private static final class Capped extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    Capped(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    private int count(int n) throws TooLarge {
      if (n > 0 && (read += n) > limit) {
        throw new TooLarge(limit);
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return count(in.read(buffer, offset, length));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
