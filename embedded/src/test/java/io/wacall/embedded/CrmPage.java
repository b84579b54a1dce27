package io.wacall.embedded;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A CRM's page on its own origins, for the browser test of framing: it frames the console given in
 * its query, waits for the console's {@code wacall-console-ready} message and answers it with the
 * agent's token, sent to the console's origin only (as docs/console.md tells a CRM to). Two servers:
 * one whose origin wacall lists in {@code frame-ancestors}, one whose origin it does not.
 */
final class CrmPage implements AutoCloseable {
  private final HttpServer allowed;
  private final HttpServer notAllowed;

  /** One of the two origins. */
  record Origin(String origin) {
    /** This origin's CRM page, framing {@code consoleUrl} and handing it {@code token}. */
    String url(String consoleUrl, String token) {
      return origin + "/crm?console=" + URLEncoder.encode(consoleUrl, StandardCharsets.UTF_8)
          + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
  }

  private CrmPage(HttpServer allowed, HttpServer notAllowed) {
    this.allowed = allowed;
    this.notAllowed = notAllowed;
  }

  static CrmPage start() throws IOException {
    return new CrmPage(server(), server());
  }

  Origin allowed() {
    return new Origin("http://127.0.0.1:" + allowed.getAddress().getPort());
  }

  Origin notAllowed() {
    return new Origin("http://127.0.0.1:" + notAllowed.getAddress().getPort());
  }

  private static HttpServer server() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/crm", exchange -> {
      String query = exchange.getRequestURI().getRawQuery();
      String console = parameter(query, "console");
      String token = parameter(query, "token");
      String consoleOrigin = URI.create(console).resolve("/").toString().replaceAll("/$", "");
      byte[] html = """
          <!doctype html>
          <html><head><meta charset="utf-8"><title>CRM</title></head><body>
          <h1>Customer: Maria</h1>
          <iframe id="wacall-console" src="%s" allow="microphone; autoplay" width="900" height="700"
                  onload="window.frameLoaded = true"></iframe>
          <script>
            window.messages = [];
            window.addEventListener('message', (event) => {
              window.messages.push(event.origin + ' ' + JSON.stringify(event.data));
              if (event.origin !== %s || !event.data || event.data.type !== 'wacall-console-ready') return;
              document.getElementById('wacall-console').contentWindow
                  .postMessage({ type: 'wacall-agent-token', token: %s }, %s);
            });
          </script>
          </body></html>
          """.formatted(console, js(consoleOrigin), js(token), js(consoleOrigin)).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, html.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(html);
      }
    });
    server.start();
    return server;
  }

  private static String parameter(String query, String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException("no " + name + " in " + query);
  }

  /** A JavaScript string literal: the token and URLs are base64url and URL characters, never quotes. */
  private static String js(String value) {
    if (value.contains("'") || value.contains("\\") || value.contains("<")) {
      throw new IllegalArgumentException("not a plain value: " + value);
    }
    return "'" + value + "'";
  }

  @Override
  public void close() {
    allowed.stop(0);
    notAllowed.stop(0);
  }
}
