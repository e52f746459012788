package dev.prm.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.ClassUtils;

/**
 * Puts {@link VerifiedTokens} in front of whatever JWT decoder the application has (Boot's from the JWKS, or the local
 * profile's), servlet or reactive, so every service and the gateway verify a token once per {@code maxAge}.
 */
public final class VerifiedTokenCaching implements BeanPostProcessor {

    private static final boolean REACTIVE = ClassUtils.isPresent("reactor.core.publisher.Mono", VerifiedTokenCaching.class.getClassLoader());

    private final int capacity;
    private final Duration maxAge;

    public VerifiedTokenCaching(int capacity, Duration maxAge) {
        this.capacity = capacity;
        this.maxAge = maxAge;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
            return new CachingJwtDecoder(decoder, tokens());
        }
        if (REACTIVE && Reactive.wraps(bean)) {
            return new CachingReactiveJwtDecoder((ReactiveJwtDecoder) bean, tokens());
        }
        return bean;
    }

    private VerifiedTokens tokens() {
        return new VerifiedTokens(capacity, maxAge, Clock.systemUTC());
    }

    /** Apart, so that a servlet application without Reactor never loads the reactive types. */
    private static final class Reactive {
        static boolean wraps(Object bean) {
            return bean instanceof ReactiveJwtDecoder && !(bean instanceof CachingReactiveJwtDecoder);
        }
    }
}
