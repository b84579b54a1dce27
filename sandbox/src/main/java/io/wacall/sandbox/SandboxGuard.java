package io.wacall.sandbox;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * The sandbox plays Meta: it signs webhooks with the process's app secret and answers Graph calls
 * for any token. It must never run in a process that talks to the real Cloud API. A Cloud API base
 * URL is a sandbox's when its path ends with {@value #GRAPH_PATH} (where the sandbox serves Graph,
 * on this host or another, e.g. {@code http://sandbox:8080/sandbox/graph} in compose) and its host
 * is none of Meta's ({@code facebook.com}, {@code fb.com}, {@code facebook.net}, {@code
 * whatsapp.com}, {@code whatsapp.net} and their subdomains). Anything else, an unset or
 * unreadable URL included (the default is {@code https://graph.facebook.com}), is real.
 */
public final class SandboxGuard {
  /** Where the sandbox serves the Graph API, under any host. */
  public static final String GRAPH_PATH = "/sandbox/graph";
  private static final List<String> META_DOMAINS = List.of("facebook.com", "fb.com", "facebook.net", "whatsapp.com", "whatsapp.net");

  private SandboxGuard() {}

  /** Whether the Cloud API client of a process with this base URL calls a sandbox, never Meta. */
  public static boolean isSandbox(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(baseUrl.trim());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    boolean meta = META_DOMAINS.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
    return (scheme.equals("http") || scheme.equals("https")) && !host.isEmpty() && !meta
        && uri.getQuery() == null && path.endsWith(GRAPH_PATH);
  }

  /** Refuses to go on when the sandbox is on and the Cloud API base URL is real. */
  /** What wacall.cloud-api.base-url means when it is not set: Meta's Graph API. */
  static final String REAL_GRAPH_API = "https://graph.facebook.com";

  public static void refuseRealCloudApi(Environment env) {
    String configured = env.getProperty("wacall.cloud-api.base-url");
    String baseUrl = configured == null || configured.isBlank() ? REAL_GRAPH_API : configured.trim();
    if (!isSandbox(baseUrl)) {
      throw new IllegalStateException("The Cloud API sandbox is on (wacall.sandbox.enabled, WACALL_SANDBOX_ENABLED) but "
          + "wacall.cloud-api.base-url (WACALL_CLOUD_API_BASE_URL) is " + baseUrl + ", a real Cloud API. The sandbox "
          + "plays Meta and signs webhooks with this process's app secret, so it never runs beside real Meta: point the "
          + "base URL at a sandbox (http://<host>:<port>" + GRAPH_PATH + ") or set WACALL_SANDBOX_ENABLED=false.");
    }
  }
}
