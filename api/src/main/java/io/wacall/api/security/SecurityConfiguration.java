package io.wacall.api.security;

import static io.wacall.api.security.Role.AGENT;
import static io.wacall.api.security.Role.OPERATOR;
import static io.wacall.api.security.Role.SERVICE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Spring Security owns authentication and authorisation. Every request carries
 * {@code Authorization: Bearer <token>}, one of:
 * <ul>
 *   <li>a service's or an operator's static token ({@code wacall.api.tokens},
 *       {@code wacall.api.operator-tokens}), compared as SHA-256 digests in constant time;</li>
 *   <li>an agent token: a JWT wacall signed for one agent ({@code iss} = {@code wacall.api.agent-tokens.issuer});</li>
 *   <li>a JWT of the CRM's own identity provider ({@code wacall.api.jwt.*}), its roles claim mapped to
 *       SERVICE or OPERATOR.</li>
 * </ul>
 * JWTs are routed to their verifier by issuer ({@link JwtIssuerAuthenticationManagerResolver}).
 * URL rules below give each role its part; the controllers add the object-level checks (an agent
 * acts only on its own calls and the calls ringing for it). Anything not listed is denied.
 * Spring's {@code StrictHttpFirewall} refuses {@code ;}, encoded slashes and dots, and paths that are
 * not normalised, before any rule is matched.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiSecurityProperties.class, CodecCorsProperties.class, ConsoleFraming.class})
public class SecurityConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  AgentTokenKeys agentTokenKeys(ApiSecurityProperties properties) {
    AgentTokenKeys keys = AgentTokenKeys.parse(properties.agentTokens().keys());
    if (keys.isEmpty()) {
      log.warn("wacall.api.agent-tokens.keys is not set: agent tokens can be neither minted nor accepted");
    }
    return keys;
  }

  @Bean
  AgentTokenIssuer agentTokenIssuer(ApiSecurityProperties properties, AgentTokenKeys keys, ObjectProvider<Clock> clock) {
    return new AgentTokenIssuer(properties.agentTokens(), keys, clock.getIfAvailable(Clock::systemUTC));
  }

  /**
   * Meta's webhooks (signed with the app secret, checked by the adapter) and the sandbox (embedded
   * mode only; it plays Meta, and wacall's own Cloud API client sends it Meta's bearer token): no
   * bearer authentication here, so that token is never taken for one of ours.
   */
  @Bean
  @Order(1)
  SecurityFilterChain unauthenticatedEdges(HttpSecurity http) throws Exception {
    return http
        .securityMatcher("/webhooks/**", "/sandbox/**")
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }

  /**
   * The agent's console: static files with no secret in them (the agent's token goes with each API
   * request), so anyone may read them; a CRM whose origin is listed in {@link ConsoleFraming} may
   * frame the page (docs/console.md#framing-it-in-the-crm), any other page may not.
   */
  @Bean
  @Order(2)
  SecurityFilterChain consoleSecurity(HttpSecurity http, ConsoleFraming framing) throws Exception {
    http
        .securityMatcher("/console", "/console/", "/console/**")
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .authorizeHttpRequests(a -> a.requestMatchers(GET, "/console", "/console/", "/console/**").permitAll()
            .anyRequest().denyAll());
    if (framing.allowsFraming()) {
      http.headers(h -> h
          .frameOptions(HeadersConfigurer.FrameOptionsConfig::disable)
          .contentSecurityPolicy(c -> c.policyDirectives(framing.contentSecurityPolicy())));
    }
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain apiSecurity(HttpSecurity http, ApiSecurityProperties properties, AgentTokenKeys keys,
      ObjectMapper json, CodecCorsProperties cors) throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    AuthenticationManager authentication = authenticationManager(properties, keys);
    http
        .csrf(AbstractHttpConfigurer::disable) // bearer tokens only: no cookie a browser would send by itself
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .cors(c -> c.configurationSource(corsSource(cors)))
        .oauth2ResourceServer(o -> o
            .authenticationManagerResolver(request -> authentication)
            .authenticationEntryPoint(problems)
            .accessDeniedHandler(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .authorizeHttpRequests(a -> a
            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
            // the async dispatch of a stream whose request was authorised when it opened
            .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
            .requestMatchers(EndpointRequest.toAnyEndpoint()).permitAll() // on the management port
            .requestMatchers("/codec/**").hasRole(OPERATOR.name())

            .requestMatchers("/api/v1/admin/**").hasRole(OPERATOR.name())
            .requestMatchers(POST, "/api/v1/rate-cards").hasRole(OPERATOR.name())
            .requestMatchers(GET, "/api/v1/rate-cards", "/api/v1/rate-cards/**").hasAnyRole(SERVICE.name(), OPERATOR.name())
            .requestMatchers(PUT, "/api/v1/phone-numbers/**").hasRole(OPERATOR.name())
            .requestMatchers(GET, "/api/v1/phone-numbers", "/api/v1/phone-numbers/**")
                .hasAnyRole(SERVICE.name(), OPERATOR.name())
            .requestMatchers(POST, "/api/v1/agents/{agentId}/tokens").hasRole(SERVICE.name())
            .requestMatchers(GET, "/api/v1/agents/{agentId}/ringing").access(serviceOrTheAgent())
            .requestMatchers(GET, "/api/v1/agents/{agentId}/events").access(serviceOrTheAgent())
            .requestMatchers(GET, "/api/v1/agents/{agentId}/phone-numbers").access(serviceOrTheAgent())
            .requestMatchers(PUT, "/api/v1/agents/{agentId}/availability").access(serviceOrTheAgent())
            .requestMatchers(GET, "/api/v1/agents/{agentId}").access(anyOf(SERVICE, OPERATOR).or(theAgent()))
            .requestMatchers(GET, "/api/v1/agents").hasAnyRole(SERVICE.name(), OPERATOR.name())
            .requestMatchers(PUT, "/api/v1/agents/{agentId}").hasRole(OPERATOR.name())

            .requestMatchers(GET, "/api/v1/billing/reconciliations").hasAnyRole(SERVICE.name(), OPERATOR.name())
            .requestMatchers(POST, "/api/v1/billing/reconciliations/*").hasRole(OPERATOR.name())
            .requestMatchers("/api/v1/billing/**").hasRole(SERVICE.name())
            .requestMatchers("/api/v1/conversations/**").hasRole(SERVICE.name())
            // an agent: the business numbers whose ring group holds it (checked by the controller)
            .requestMatchers(POST, "/api/v1/permissions/*/*/requests").hasAnyRole(SERVICE.name(), AGENT.name())
            .requestMatchers(GET, "/api/v1/permissions").hasRole(SERVICE.name())
            // an agent: a customer it has a call with, or any of a number whose ring group holds it (the controller)
            .requestMatchers(GET, "/api/v1/permissions/*/*").hasAnyRole(SERVICE.name(), AGENT.name())
            // an agent: its own calls only (checked by the controller)
            .requestMatchers("/api/v1/calls", "/api/v1/calls/**").hasAnyRole(SERVICE.name(), AGENT.name())
            .anyRequest().denyAll());
    return http.build();
  }

  /** Static tokens first (a digest compare), then JWTs by issuer. */
  private static AuthenticationManager authenticationManager(ApiSecurityProperties properties, AgentTokenKeys keys) {
    StaticTokenAuthenticationProvider staticTokens =
        new StaticTokenAuthenticationProvider(properties.tokens(), properties.operatorTokens());
    Map<String, AuthenticationManager> byIssuer = new HashMap<>();
    if (!keys.isEmpty()) {
      JwtAuthenticationProvider agents = new JwtAuthenticationProvider(agentDecoder(properties.agentTokens(), keys));
      agents.setJwtAuthenticationConverter(
          jwt -> new JwtAuthenticationToken(jwt, List.of(AGENT.authority()), jwt.getSubject()));
      byIssuer.put(properties.agentTokens().issuer(), new ProviderManager(agents));
    }
    ApiSecurityProperties.Jwt idp = properties.jwt();
    if (idp.enabled()) {
      if (idp.issuerUri().equals(properties.agentTokens().issuer())) {
        throw new IllegalStateException("wacall.api.jwt.issuer-uri must differ from wacall.api.agent-tokens.issuer");
      }
      JwtAuthenticationProvider crm = new JwtAuthenticationProvider(identityProviderDecoder(idp));
      crm.setJwtAuthenticationConverter(identityProviderRoles(idp));
      byIssuer.put(idp.issuerUri(), new ProviderManager(crm));
      log.info("JWTs of issuer {} accepted (roles from claim '{}')", idp.issuerUri(), idp.rolesClaim());
    }
    if (staticTokens.isEmpty() && byIssuer.isEmpty()) {
      log.warn("no API credential is configured (wacall.api.tokens, wacall.api.operator-tokens, agent token keys,"
          + " wacall.api.jwt.issuer-uri): every /api request will be refused with 401");
    }
    AuthenticationManager jwts = new JwtIssuerAuthenticationManagerResolver(byIssuer::get).resolve(null);
    AuthenticationProvider jwtProvider = new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication a) {
        return jwts.authenticate(a);
      }

      @Override
      public boolean supports(Class<?> type) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(type);
      }
    };
    return new ProviderManager(staticTokens, jwtProvider);
  }

  /** HS256 with any configured key, chosen by {@code kid}; wacall's issuer, an agent subject, not expired. */
  static JwtDecoder agentDecoder(ApiSecurityProperties.AgentTokens settings, AgentTokenKeys keys) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableJWKSet<>(keys.verifying())));
    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefaultWithIssuer(settings.issuer()),
        new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
        new JwtClaimValidator<String>(AgentTokenIssuer.ROLE_CLAIM, AGENT.name()::equals)));
    return decoder;
  }

  /** The identity provider's keys, fetched on first use so the API starts while the provider is away. */
  private static JwtDecoder identityProviderDecoder(ApiSecurityProperties.Jwt idp) {
    return new SupplierJwtDecoder(() -> {
      NimbusJwtDecoder decoder = idp.jwkSetUri() != null && !idp.jwkSetUri().isBlank()
          ? NimbusJwtDecoder.withJwkSetUri(idp.jwkSetUri()).build()
          : (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(idp.issuerUri());
      List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
      validators.add(JwtValidators.createDefaultWithIssuer(idp.issuerUri()));
      if (idp.audience() != null && !idp.audience().isBlank()) {
        validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
            aud -> aud != null && aud.contains(idp.audience())));
      }
      decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
      return decoder;
    });
  }

  /** The roles claim (space-separated string or list) mapped to SERVICE / OPERATOR; other values grant nothing. */
  private static Converter<Jwt, AbstractAuthenticationToken> identityProviderRoles(ApiSecurityProperties.Jwt idp) {
    return jwt -> {
      Object claim = jwt.getClaims().get(idp.rolesClaim());
      Collection<?> values = claim instanceof Collection<?> c ? c
          : claim instanceof String s ? List.of(s.trim().split("\\s+")) : List.of();
      List<GrantedAuthority> roles = new ArrayList<>();
      for (Object value : values) {
        if (Objects.equals(String.valueOf(value), idp.serviceRole())) {
          roles.add(SERVICE.authority());
        } else if (Objects.equals(String.valueOf(value), idp.operatorRole())) {
          roles.add(OPERATOR.authority());
        }
      }
      return new JwtAuthenticationToken(jwt, roles, jwt.getSubject());
    };
  }

  private static AuthorizationManager<RequestAuthorizationContext> serviceOrTheAgent() {
    return anyOf(SERVICE).or(theAgent());
  }

  private static RoleCheck anyOf(Role... roles) {
    return (auth, context) -> {
      Authentication a = auth.get();
      return new AuthorizationDecision(Arrays.stream(roles).anyMatch(r -> r.heldBy(a)));
    };
  }

  /** An agent, on a path whose {@code {agentId}} is its own. */
  private static RoleCheck theAgent() {
    return (auth, context) -> {
      Authentication a = auth.get();
      return new AuthorizationDecision(AGENT.heldBy(a) && a.getName().equals(context.getVariables().get("agentId")));
    };
  }

  /** An {@link AuthorizationManager} with {@code or}, so a rule reads as the table in the README. */
  @FunctionalInterface
  interface RoleCheck extends AuthorizationManager<RequestAuthorizationContext> {
    default RoleCheck or(RoleCheck other) {
      return (auth, context) -> new AuthorizationDecision(check(auth, context).isGranted() || other.check(auth, context).isGranted());
    }
  }

  private static CorsConfigurationSource corsSource(CodecCorsProperties cors) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    if (!cors.corsOrigins().isEmpty()) {
      CorsConfiguration codec = new CorsConfiguration();
      codec.setAllowedOrigins(cors.corsOrigins());
      codec.setAllowedMethods(List.of("POST", "OPTIONS"));
      codec.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Namespace"));
      codec.setAllowCredentials(true);
      source.registerCorsConfiguration("/codec/**", codec);
    }
    return source;
  }
}
