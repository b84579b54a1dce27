package io.wacall.api.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints the short-lived JWT of one agent: {@code iss} wacall's issuer, {@code sub} the agent id,
 * {@code role} AGENT, signed HS256 with the first configured key (its id in {@code kid}). A CRM
 * service asks for it after authenticating its own user, as CPaaS products mint client tokens.
 */
public class AgentTokenIssuer {
  /** The claim that says what kind of caller a wacall-signed token is for. */
  public static final String ROLE_CLAIM = "role";

  private final ApiSecurityProperties.AgentTokens settings;
  private final AgentTokenKeys keys;
  private final NimbusJwtEncoder encoder;
  private final Clock clock;

  AgentTokenIssuer(ApiSecurityProperties.AgentTokens settings, AgentTokenKeys keys, Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
    this.encoder = keys.isEmpty() ? null : new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signing())));
  }

  public record AgentToken(String token, Instant expiresAt) {}

  public boolean configured() {
    return encoder != null;
  }

  /** The longest a token may live: the configured ttl. */
  public Duration maxTtl() {
    return settings.ttl();
  }

  /** A token for {@code agentId} living {@code ttl} (at most the configured ttl; null: the configured ttl). */
  public AgentToken mint(String agentId, Duration ttl) {
    if (encoder == null) {
      throw new IllegalStateException("no agent token key is configured");
    }
    Duration life = ttl == null || ttl.compareTo(settings.ttl()) > 0 ? settings.ttl() : ttl;
    Instant now = clock.instant();
    Instant expiresAt = now.plus(life);
    JwtClaimsSet claims = JwtClaimsSet.builder()
        .issuer(settings.issuer())
        .subject(agentId)
        .issuedAt(now)
        .notBefore(now)
        .expiresAt(expiresAt)
        .id(UUID.randomUUID().toString())
        .claim(ROLE_CLAIM, Role.AGENT.name())
        .build();
    JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).keyId(keys.signing().getKeyID()).build();
    String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    return new AgentToken(token, expiresAt);
  }
}
