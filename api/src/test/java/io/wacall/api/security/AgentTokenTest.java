package io.wacall.api.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWTs wacall accepts: its own agent tokens (expiry, key rotation, retired keys, claims that
 * must not be forged) and the CRM identity provider's tokens with their roles claim.
 */
class AgentTokenTest extends ApiHttpTest {
  static final String AGENT = "token-agent";
  static final String CURRENT_KEY = "k2:test-agent-key-two-0123456789abcdef";
  static final String PREVIOUS_KEY = "k1:test-agent-key-one-0123456789abcdef";
  static final String RETIRED_KEY = "k0:test-agent-key-zero-0123456789abcdef";
  static final RSAKey IDP_KEY = rsa("idp-1");
  static final RSAKey STRANGER_KEY = rsa("idp-1");

  @BeforeEach
  void agentAndIdentityProvider() throws Exception {
    assertThat(asOperator("PUT", "/api/v1/agents/" + AGENT, "{\"name\":\"Token Agent\"}").statusCode()).isEqualTo(200);
    meta.stubFor(get(urlPathEqualTo(ApiTestSupport.IDP_JWKS_PATH))
        .willReturn(okJson(new JWKSet(IDP_KEY.toPublicJWK()).toString())));
  }

  @Test
  void aMintedTokenLetsTheAgentReadItsOwnRingingCalls() throws Exception {
    HttpResponse<String> minted = send("POST", "/api/v1/agents/" + AGENT + "/tokens", null);
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    String token = json.readTree(minted.body()).path("token").asText();
    Instant expiresAt = Instant.parse(json.readTree(minted.body()).path("expiresAt").asText());
    assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

    assertThat(ringing(token)).isEqualTo(200);
    assertThat(send("POST", "/api/v1/agents/nobody-here/tokens", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void anExpiredAgentTokenIs401() throws Exception {
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    String expired = issuer(List.of(CURRENT_KEY), twoHoursAgo).mint(AGENT, null).token();
    assertThat(ringing(expired)).isEqualTo(401);
  }

  @Test
  void duringRotationBothKeysAreAcceptedAndARetiredKeyIsNot() throws Exception {
    assertThat(ringing(issuer(List.of(CURRENT_KEY), Clock.systemUTC()).mint(AGENT, null).token())).isEqualTo(200);
    assertThat(ringing(issuer(List.of(PREVIOUS_KEY), Clock.systemUTC()).mint(AGENT, null).token())).isEqualTo(200);
    assertThat(ringing(issuer(List.of(RETIRED_KEY), Clock.systemUTC()).mint(AGENT, null).token())).isEqualTo(401);
    // a retired key's id with a guessed secret is no better
    assertThat(ringing(issuer(List.of("k2:someone-elses-secret-0123456789abcdef"), Clock.systemUTC()).mint(AGENT, null)
        .token())).isEqualTo(401);
  }

  @Test
  void anAgentTokenCannotBeTurnedIntoAnotherAgentOrAnotherRole() throws Exception {
    String token = issuer(List.of(CURRENT_KEY), Clock.systemUTC()).mint(AGENT, null).token();
    String[] parts = token.split("\\.");
    String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(AGENT, "someone-else").getBytes());
    assertThat(ringing(parts[0] + "." + otherPayload + "." + parts[2])).isEqualTo(401);
    assertThat(send("GET", "/api/v1/admin/webhook-events", null, token).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/permissions", null, token).statusCode()).isEqualTo(403);
    assertThat(ringing("not-a-token")).isEqualTo(401);
  }

  @Test
  void theIdentityProvidersTokensCarryTheirRole() throws Exception {
    String service = idpToken(IDP_KEY, "wacall.service profile", ApiTestSupport.IDP_ISSUER, "wacall", Duration.ofMinutes(5));
    String operator = idpToken(IDP_KEY, "wacall.operator", ApiTestSupport.IDP_ISSUER, "wacall", Duration.ofMinutes(5));
    String neither = idpToken(IDP_KEY, "profile email", ApiTestSupport.IDP_ISSUER, "wacall", Duration.ofMinutes(5));

    assertThat(send("GET", "/api/v1/permissions", null, service).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/admin/webhook-events", null, service).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/admin/webhook-events", null, operator).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/permissions", null, operator).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/permissions", null, neither).statusCode()).isEqualTo(403);

    // signed by a key the provider does not publish, for another audience, expired, or from another issuer: 401
    assertThat(send("GET", "/api/v1/permissions", null,
        idpToken(STRANGER_KEY, "wacall.service", ApiTestSupport.IDP_ISSUER, "wacall", Duration.ofMinutes(5))).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/v1/permissions", null,
        idpToken(IDP_KEY, "wacall.service", ApiTestSupport.IDP_ISSUER, "another-api", Duration.ofMinutes(5))).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/v1/permissions", null,
        idpToken(IDP_KEY, "wacall.service", ApiTestSupport.IDP_ISSUER, "wacall", Duration.ofMinutes(-5))).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/v1/permissions", null,
        idpToken(IDP_KEY, "wacall.service", "https://evil.test", "wacall", Duration.ofMinutes(5))).statusCode())
        .isEqualTo(401);
  }

  private int ringing(String token) throws Exception {
    return send("GET", "/api/v1/agents/" + AGENT + "/ringing", null, token).statusCode();
  }

  private static AgentTokenIssuer issuer(List<String> keys, Clock clock) {
    return new AgentTokenIssuer(new ApiSecurityProperties.AgentTokens("wacall", Duration.ofHours(1), keys),
        AgentTokenKeys.parse(keys), clock);
  }

  private static String idpToken(RSAKey key, String scope, String issuer, String audience, Duration ttl) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject("crm-backend").audience(audience).claim("scope", scope)
        .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.plus(ttl).minusSeconds(ttl.isNegative() ? 60 : 0)))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
        claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static RSAKey rsa(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
