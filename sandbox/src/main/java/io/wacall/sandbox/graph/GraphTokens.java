package io.wacall.sandbox.graph;

/** Graph wants an access token before anything else: {@code Authorization: Bearer <token>}, any non-blank token. */
final class GraphTokens {
  private static final String BEARER = "Bearer ";

  private GraphTokens() {}

  static void require(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.substring(BEARER.length()).isBlank()) {
      throw GraphError.invalidToken("An access token is required: Authorization: Bearer <token>");
    }
  }
}
