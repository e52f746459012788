package dev.prm.platform.security;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import dev.prm.security.ApiAccess;
import dev.prm.security.BearerTokens;
import dev.prm.security.FirewallCharacters;

/**
 * Every service checks the caller itself (SPEC §5, OWASP API1/API5): a JWT whose signature, expiry, issuer
 * and audience hold, then {@link ApiAccess}. A request that bypasses the gateway meets the same rules.
 * Health, metrics, projection positions and OpenAPI documents stay open for probes and scrapers; rebuilding a
 * projection needs an admin token.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class ServiceSecurityAutoConfiguration {

    @Bean
    SecurityFilterChain prmApiSecurity(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/actuator/projections/**").access(ServiceSecurityAutoConfiguration::adminOnly)
                        .requestMatchers("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(request -> BearerTokens.fromAuthorization(request.getHeader(HttpHeaders.AUTHORIZATION)))
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            ProblemResponses.write(response, 401, "unauthorized", "Unauthorized",
                                    "a valid bearer token is required (signature, expiry, issuer and audience are checked)");
                        }))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, denied) ->
                        ProblemResponses.write(response, 403, "forbidden", "Forbidden", "not allowed")))
                .addFilterAfter(new PartnerScopeFilter(), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Spring's strict firewall and its rules (a bean is the one the filter chain uses), its character checks without
     * regular expressions ({@link FirewallCharacters}). The gateway sets its reactive twin alike: the two firewall types
     * share no interface for these setters.
     */
    @Bean
    HttpFirewall prmHttpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters::isAllowedName);
        firewall.setAllowedHeaderValues(FirewallCharacters::isAllowedHeaderValue);
        firewall.setAllowedParameterNames(FirewallCharacters::isAllowedName);
        return firewall;
    }

    /** Rebuilding a projection is an operator's act: it needs a token with the admin role. */
    private static AuthorizationDecision adminOnly(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(authentication.get() instanceof JwtAuthenticationToken jwt
                && jwt.getToken().getClaimAsStringList(ApiAccess.ROLES_CLAIM) != null
                && jwt.getToken().getClaimAsStringList(ApiAccess.ROLES_CLAIM).contains(ApiAccess.ADMIN_ROLE));
    }

    /** Added by Boot to the JWT decoder's default checks (signature, expiry). */
    @Bean
    OAuth2TokenValidator<Jwt> prmTokenValidator(@Value("${prm.security.issuer}") String issuer) {
        return new DelegatingOAuth2TokenValidator<>(new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(ApiAccess.AUDIENCE)));
    }
}
