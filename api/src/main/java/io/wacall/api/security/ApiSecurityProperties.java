package io.wacall.api.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API (see the README's Security section).
 *
 * @param tokens static bearer tokens of the CRM's back-end services, role SERVICE
 *     ({@code WACALL_API_TOKENS}, comma-separated: one per calling service, so one can be rotated alone)
 * @param operatorTokens static bearer tokens of operators, role OPERATOR ({@code WACALL_API_OPERATOR_TOKENS})
 * @param agentTokens the short-lived JWTs wacall signs for one agent
 * @param jwt JWTs from the CRM's own identity provider (off unless {@code issuer-uri} is set)
 */
@ConfigurationProperties("wacall.api")
public record ApiSecurityProperties(
    @DefaultValue List<String> tokens,
    @DefaultValue List<String> operatorTokens,
    @DefaultValue AgentTokens agentTokens,
    @DefaultValue Jwt jwt) {

  /**
   * @param issuer the {@code iss} of every agent token, which also tells them from the identity provider's
   * @param ttl how long a minted token lives unless the minting service asks for less
   * @param keys signing keys as {@code keyId:secret} (secret at least 32 bytes); the first signs new tokens,
   *     every one listed is accepted: add the new key first, drop the old one once its tokens have expired
   *     ({@code WACALL_API_AGENT_TOKENS_KEYS=k2:...,k1:...})
   */
  public record AgentTokens(
      @DefaultValue("wacall") String issuer,
      @DefaultValue("PT1H") Duration ttl,
      @DefaultValue List<String> keys) {}

  /**
   * @param issuerUri the identity provider's issuer; its {@code iss} routes a JWT to it (empty: off)
   * @param jwkSetUri where its signing keys are; empty: discovered from the issuer's OpenID configuration
   * @param audience when set, the {@code aud} a token must carry
   * @param rolesClaim the claim that carries the caller's roles (a string of space-separated values or a list)
   * @param serviceRole the value in {@code rolesClaim} that makes a caller a SERVICE
   * @param operatorRole the value in {@code rolesClaim} that makes a caller an OPERATOR
   */
  public record Jwt(
      String issuerUri,
      String jwkSetUri,
      String audience,
      @DefaultValue("scope") String rolesClaim,
      @DefaultValue("wacall.service") String serviceRole,
      @DefaultValue("wacall.operator") String operatorRole) {

    public boolean enabled() {
      return issuerUri != null && !issuerUri.isBlank();
    }
  }
}
