package io.wacall.api.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which CRM pages may frame the agent's console ({@code wacall.api.console.frame-ancestors},
 * docs/console.md#framing-it-in-the-crm). Empty, the default: none, the console's page says
 * {@code X-Frame-Options: DENY} like every other answer. Listed origins (scheme, host and port, as
 * {@code https://crm.example.com}) get a {@code Content-Security-Policy: frame-ancestors 'self' ...}
 * on the console's page and no {@code X-Frame-Options}; a browser refuses to show the console in
 * any other page's frame.
 */
@ConfigurationProperties("wacall.api.console")
public record ConsoleFraming(@DefaultValue List<String> frameAncestors) {
  public ConsoleFraming {
    frameAncestors = frameAncestors == null ? List.of()
        : frameAncestors.stream().map(String::trim).filter(o -> !o.isEmpty()).map(ConsoleFraming::origin).toList();
  }

  public boolean allowsFraming() {
    return !frameAncestors.isEmpty();
  }

  /** The CSP directive the console's page carries. */
  public String contentSecurityPolicy() {
    return "frame-ancestors 'self' " + String.join(" ", frameAncestors);
  }

  /** An origin as the CSP writes it, or a clear refusal: a wildcard, a path or a query frames too much or nothing. */
  static String origin(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("wacall.api.console.frame-ancestors: '" + value + "' is not an origin");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || value.contains("*") || !bare) {
      throw new IllegalArgumentException("wacall.api.console.frame-ancestors: '" + value
          + "' is not an origin such as https://crm.example.com (scheme, host, optional port; no wildcard, no path)");
    }
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }
}
