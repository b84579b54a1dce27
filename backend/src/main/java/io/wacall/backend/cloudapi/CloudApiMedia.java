package io.wacall.backend.cloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Media that Meta made of a call (docs/meta-cloud-api.md#call-recording): {@code GET /{media-id}}
 * for a fresh URL (the webhook's lives 5 minutes), then the file from that URL with the same token.
 * Failures are {@link GraphApiException}s, as from {@link CloudApiClient}.
 */
@Component
public class CloudApiMedia {
  /** Graph's "object does not exist or was deleted": retrying cannot bring it back. */
  static final int OBJECT_NOT_FOUND = 100;

  private final RestClient restClient;
  private final CloudApiProperties properties;
  private final ObjectMapper mapper = new ObjectMapper();
  private final CloudApiErrors errors;

  @Autowired
  public CloudApiMedia(RestClient.Builder restClientBuilder, CloudApiProperties properties) {
    this.properties = properties;
    this.errors = new CloudApiErrors(mapper, Clock.systemUTC(), properties.accessToken());
    HttpClient httpClient = HttpClient.newBuilder()
        .connectTimeout(properties.connectTimeout())
        .version(CloudApiClient.httpVersion(properties.baseUrl()))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
    // a download of a few MB may take longer than one JSON answer
    requestFactory.setReadTimeout(properties.readTimeout().multipliedBy(4));
    this.restClient = restClientBuilder.clone().requestFactory(requestFactory).build();
  }

  /** What {@code GET /{media-id}} tells of a media file. */
  public record MediaUrl(String url, String mimeType, String sha256, Long fileSize) {}

  /** A fresh URL of the media. */
  public MediaUrl lookup(String mediaId) {
    byte[] body = get("mediaUrl", URI.create(properties.baseUrl() + "/" + properties.version() + "/" + mediaId),
        MediaType.APPLICATION_JSON);
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    JsonNode url = root == null ? null : root.get("url");
    if (url == null || !url.isTextual() || url.asText().isBlank()) {
      throw errors.unexpectedSuccess("mediaUrl", 200, body, "a url");
    }
    return new MediaUrl(url.asText(), text(root, "mime_type"), text(root, "sha256"),
        root.path("file_size").canConvertToLong() ? root.path("file_size").asLong() : null);
  }

  /** The file behind a URL from {@link #lookup}, fetched with the access token as Meta asks. */
  public byte[] download(String url) {
    return get("mediaDownload", URI.create(url), MediaType.ALL);
  }

  /** True when Meta says the media is not there (unknown id, deleted after its 7 days). */
  public static boolean gone(GraphApiException e) {
    return e.httpStatus() == 404 || (e.httpStatus() == 400 && e.code() != null && e.code() == OBJECT_NOT_FOUND);
  }

  private byte[] get(String operation, URI uri, MediaType accept) {
    String token = properties.accessToken();
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("wacall.cloud-api.access-token is not set");
    }
    try {
      return restClient.get().uri(uri)
          .headers(h -> {
            h.setBearerAuth(token);
            h.set(HttpHeaders.ACCEPT, accept.toString());
          })
          .exchange((req, response) -> {
            HttpStatusCode status = response.getStatusCode();
            byte[] bytes = response.getBody().readAllBytes();
            if (!status.is2xxSuccessful()) {
              throw errors.fromHttpError(operation, status.value(), response.getHeaders(), bytes);
            }
            return bytes;
          });
    } catch (ResourceAccessException e) {
      throw errors.fromNetwork(operation, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
