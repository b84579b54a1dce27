package io.wacall.backend.cloudapi;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how to reach the WhatsApp Cloud API (Graph API). Bound from {@code wacall.cloud-api.*}.
 *
 * <p>The compact constructor applies the same defaults as {@code @DefaultValue}, so tests can pass
 * {@code null} for anything they do not care about.
 *
 * @param baseUrl Graph API root, without the version (a trailing slash is dropped)
 * @param version Graph API version path segment, e.g. {@code v23.0}
 * @param accessToken system-user token; never printed (see {@link #toString()})
 * @param connectTimeout how long to wait for the TCP/TLS connection
 * @param readTimeout how long to wait for Meta's answer once the request is on its way
 */
@ConfigurationProperties("wacall.cloud-api")
public record CloudApiProperties(
    @DefaultValue(DEFAULT_BASE_URL) String baseUrl,
    @DefaultValue(DEFAULT_VERSION) String version,
    String accessToken,
    @DefaultValue(DEFAULT_CONNECT_TIMEOUT) Duration connectTimeout,
    @DefaultValue(DEFAULT_READ_TIMEOUT) Duration readTimeout) {

  public static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
  /** Current samples use v23 (docs/meta-cloud-api.md#graph-api-basics); v17.0 is the documented minimum. */
  public static final String DEFAULT_VERSION = "v23.0";
  static final String DEFAULT_CONNECT_TIMEOUT = "5s";
  static final String DEFAULT_READ_TIMEOUT = "15s";

  public CloudApiProperties {
    baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : stripTrailingSlash(baseUrl.trim());
    version = version == null || version.isBlank() ? DEFAULT_VERSION : version.trim();
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
  }

  /** Defaults everywhere except the two values a test always sets. */
  public static CloudApiProperties of(String baseUrl, String accessToken) {
    return new CloudApiProperties(baseUrl, null, accessToken, null, null);
  }

  /** Records print every component; this one must not print the token. */
  @Override
  public String toString() {
    return "CloudApiProperties[baseUrl=" + baseUrl + ", version=" + version
        + ", accessToken=" + (accessToken == null || accessToken.isEmpty() ? "<unset>" : "<redacted>")
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
  }

  private static String stripTrailingSlash(String url) {
    String result = url;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
