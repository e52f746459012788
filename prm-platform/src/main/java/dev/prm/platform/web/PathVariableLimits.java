package dev.prm.platform.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.prm.contracts.FieldLimits;

/**
 * SPEC §4 on REST: an id in the path over 256 characters (a {@code domain} over 253) is refused with 400 before
 * any command is decided or stored, as the Kafka readers refuse it.
 */
public class PathVariableLimits implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null) {
            variables.forEach((name, value) -> {
                int limit = name.equals("domain") ? FieldLimits.DOMAIN : FieldLimits.TEXT;
                if (!FieldLimits.fits(value, limit)) {
                    throw new BadRequestException(FieldLimits.tooLong(name, value, limit));
                }
            });
        }
        return true;
    }
}
