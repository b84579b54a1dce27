package io.wacall.benchmark;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load: requests sent at a fixed arrival rate whatever the server does, each
 * request's latency counted from the instant it was due, not from when it was sent. A closed
 * loop (or an open loop that counts from the send) stops sending while the server stalls and so
 * hides the stall from its percentiles (coordinated omission); counting from the due time charges
 * every request that should have gone out during a stall with the wait it would have had.
 */
final class OpenLoop {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** Latencies in microseconds, errors (non-2xx answers and failures) and what was sent. */
  record Result(Histogram micros, long sent, long errors, String firstError) {
    double percentileMillis(double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private OpenLoop() {}

  /** Sends {@code rate} requests a second for {@code duration}, request {@code i} built by {@code request}. */
  static Result run(int rate, Duration duration, LongFunction<HttpRequest> request) throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong errors = new AtomicLong();
    StringBuffer firstError = new StringBuffer();
    long count = rate * duration.toSeconds();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    CompletableFuture<?>[] inFlight = new CompletableFuture<?>[(int) count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * intervalNanos;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight[i] = HTTP.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding())
          .handle((response, failure) -> {
            recorder.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
            if (failure != null || response.statusCode() / 100 != 2) {
              if (errors.getAndIncrement() == 0) {
                firstError.append(failure != null ? failure.toString() : "HTTP " + response.statusCode());
              }
            }
            return null;
          });
    }
    try {
      CompletableFuture.allOf(inFlight).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      firstError.append(" (not all answered within 60 s: ").append(e).append(')');
    }
    return new Result(recorder.getIntervalHistogram(), count, errors.get(), firstError.toString());
  }
}
