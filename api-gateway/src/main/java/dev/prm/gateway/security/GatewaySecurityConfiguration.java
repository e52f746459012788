package dev.prm.gateway.security;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
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
import org.springframework.security.web.server.SecurityWebFilterChain;

import dev.prm.contracts.api.ApiAccess;
import dev.prm.gateway.dev.DevTokenIssuer;
import dev.prm.gateway.web.Problems;

/**
 * The API's front door: OAuth2 resource server with JWT (signature, expiry, issuer, audience), the partner
 * and admin scopes of {@link ApiAccess}, per-principal rate limits and a request size limit. Errors are
 * problem+json. Docs, probes and metrics stay open.
 */
@Configuration
@EnableWebFluxSecurity
class GatewaySecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http,
                                       @Value("${prm.gateway.rate-limit.per-second:50}") double perSecond,
                                       @Value("${prm.gateway.rate-limit.burst:100}") double burst,
                                       @Value("${prm.gateway.max-request-bytes:65536}") long maxRequestBytes) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/webjars/**",
                                "/asyncapi.yaml", "/schemas/**", "/docs/**", "/dev/**").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((exchange, failure) -> {
                            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
                            return Problems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorized",
                                    "a valid bearer token is required (signature, expiry, issuer and audience are checked)");
                        }))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((exchange, denied) ->
                        Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden", "not allowed")))
                .addFilterAt(new RequestSizeWebFilter(maxRequestBytes), SecurityWebFiltersOrder.FIRST)
                .addFilterAfter(new PartnerScopeWebFilter(), SecurityWebFiltersOrder.AUTHORIZATION)
                .addFilterAfter(new RateLimitWebFilter(perSecond, burst), SecurityWebFiltersOrder.AUTHORIZATION);
        return http.build();
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
