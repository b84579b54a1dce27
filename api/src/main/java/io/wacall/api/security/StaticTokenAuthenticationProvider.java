package io.wacall.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * The configured static bearer tokens (services' and operators'), as one Spring Security
 * {@link AuthenticationProvider} behind the resource server's bearer-token filter. Spring Security
 * ships no provider for opaque API keys that are neither JWTs nor introspected, so this one does
 * the comparison only; extraction, the 401/403 flow and authorisation stay Spring Security's.
 *
 * <p>Only SHA-256 digests of the tokens are kept, and a presented token is compared with every
 * digest in constant time, so neither the tokens nor which one nearly matched leak. An unknown
 * token yields {@code null}, letting the JWT providers try it.
 */
final class StaticTokenAuthenticationProvider implements AuthenticationProvider {
  private record Known(byte[] digest, Role role, String name) {}

  private final List<Known> known = new ArrayList<>();

  StaticTokenAuthenticationProvider(List<String> serviceTokens, List<String> operatorTokens) {
    add(serviceTokens, Role.SERVICE);
    add(operatorTokens, Role.OPERATOR);
  }

  private void add(List<String> tokens, Role role) {
    int n = 0;
    for (String token : tokens) {
      if (token != null && !token.isBlank()) {
        byte[] digest = sha256(token.trim());
        if (known.stream().anyMatch(k -> MessageDigest.isEqual(k.digest(), digest))) {
          throw new IllegalStateException("the same static API token is configured twice (or for two roles)");
        }
        // a name for logs and audit that says which token, never the token itself
        known.add(new Known(digest, role, role.name().toLowerCase() + "-token-" + (++n)));
      }
    }
  }

  boolean isEmpty() {
    return known.isEmpty();
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    byte[] presented = sha256(((BearerTokenAuthenticationToken) authentication).getToken());
    Known match = null;
    for (Known k : known) {
      if (MessageDigest.isEqual(k.digest(), presented) & match == null) { // no early exit
        match = k;
      }
    }
    if (match == null) {
      return null;
    }
    return UsernamePasswordAuthenticationToken.authenticated(match.name(), null, List.of(match.role().authority()));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
