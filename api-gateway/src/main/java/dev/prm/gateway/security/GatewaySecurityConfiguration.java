package dev.prm.gateway.security;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import reactor.core.publisher.Mono;

import dev.prm.gateway.dev.DevTokenIssuer;
import dev.prm.gateway.web.Problems;
import dev.prm.security.ApiAccess;
import dev.prm.security.BearerTokens;
import dev.prm.security.FirewallCharacters;

/**
 * The API's front door: OAuth2 resource server with JWT (signature, expiry, issuer, audience), the partner
 * and admin scopes of {@link ApiAccess}, rate limits by client address (before authentication) and by principal, a
 * request size limit and CORS for configured origins. Errors are problem+json. Docs and probes stay open.
 */
@Configuration
@EnableWebFluxSecurity
class GatewaySecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http,
                                       @Value("${prm.gateway.rate-limit.per-second:50}") double perSecond,
                                       @Value("${prm.gateway.rate-limit.burst:100}") long burst,
                                       @Value("${prm.gateway.rate-limit.per-address.per-second:1000}") double perAddressPerSecond,
                                       @Value("${prm.gateway.rate-limit.per-address.burst:2000}") long perAddressBurst,
                                       @Value("${prm.gateway.rate-limit.max-tracked:100000}") int maxTracked,
                                       @Value("${prm.gateway.max-request-bytes:65536}") long maxRequestBytes,
                                       @Value("${prm.gateway.cors.allowed-origins:}") List<String> corsAllowedOrigins) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                // stateless: every request carries its token; a web session per request cost a random id and two thread hops
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/webjars/**",
                                "/asyncapi.yaml", "/schemas/**", "/docs/**", "/dev/**").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(exchange -> Mono.fromCallable(() ->
                                        BearerTokens.fromAuthorization(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
                                .map(BearerTokenAuthenticationToken::new))
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((exchange, failure) -> {
                            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
                            return Problems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorized",
                                    "a valid bearer token is required (signature, expiry, issuer and audience are checked)");
                        }))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((exchange, denied) ->
                        Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden", "not allowed")))
                // by address first, before anything costs: a token check is an RSA verification, /docs/api three calls
                .addFilterAt(RateLimitWebFilter.byClientAddress(new TokenBuckets(perAddressPerSecond, perAddressBurst, maxTracked)),
                        SecurityWebFiltersOrder.FIRST)
                .addFilterAt(new RequestSizeWebFilter(maxRequestBytes), SecurityWebFiltersOrder.FIRST)
                .addFilterAt(new CorsProblemWebFilter(corsAllowedOrigins.stream().filter(origin -> !origin.isBlank()).toList()),
                        SecurityWebFiltersOrder.CORS)
                .addFilterAfter(new PartnerScopeWebFilter(), SecurityWebFiltersOrder.AUTHORIZATION)
                .addFilterAfter(RateLimitWebFilter.byPrincipal(new TokenBuckets(perSecond, burst, maxTracked)),
                        SecurityWebFiltersOrder.AUTHORIZATION);
        return http.build();
    }

    /** Spring's strict firewall and its rules, its character checks without regular expressions ({@link FirewallCharacters}). */
    @Bean
    ServerWebExchangeFirewall prmExchangeFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters::isAllowedName);
        firewall.setAllowedHeaderValues(FirewallCharacters::isAllowedHeaderValue);
        firewall.setAllowedParameterNames(FirewallCharacters::isAllowedName);
        return firewall;
    }

    /** What the HTTP firewall refuses (encoded slashes, dot segments, ';', ...) answers 400 problem+json, not an empty 400. */
    @Bean
    ServerExchangeRejectedHandler problemJsonOnRejectedRequests() {
        return (exchange, rejected) -> Problems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "rejected-request",
                "the request was refused: encoded slashes, dot segments, ';' and similar path tricks are not accepted");
    }

    @Bean
    OAuth2TokenValidator<Jwt> prmTokenValidator(@Value("${prm.security.issuer}") String issuer) {
        return new DelegatingOAuth2TokenValidator<>(new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(ApiAccess.AUDIENCE)));
    }

    @Bean
    @Profile("local")
    DevTokenIssuer devTokenIssuer(@Value("${prm.security.issuer}") String issuer) {
        return new DevTokenIssuer(issuer);
    }

    /** Local profile: tokens of the development issuer, verified with its key. */
    @Bean
    @Profile("local")
    ReactiveJwtDecoder localJwtDecoder(DevTokenIssuer issuer, OAuth2TokenValidator<Jwt> prmTokenValidator) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), prmTokenValidator));
        return decoder;
    }
}
