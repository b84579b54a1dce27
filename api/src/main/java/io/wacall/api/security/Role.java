package io.wacall.api.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The three kinds of callers; each may do only its part (the table in the README's Security section). */
public enum Role {
  /** The CRM's back end: permissions, calls, billing, minting agent tokens. */
  SERVICE,
  /** One person answering and placing calls: only its own calls and the calls ringing for it. */
  AGENT,
  /** Administration: webhook events, rate cards, the directory, the payload codec. */
  OPERATOR;

  public GrantedAuthority authority() {
    return new SimpleGrantedAuthority("ROLE_" + name());
  }

  /** Whether {@code auth} is authenticated and holds this role. */
  public boolean heldBy(Authentication auth) {
    String authority = authority().getAuthority();
    return auth != null && auth.isAuthenticated()
        && auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(authority::equals);
  }
}
