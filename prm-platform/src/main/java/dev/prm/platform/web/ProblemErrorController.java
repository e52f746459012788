package dev.prm.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The error page of the service ({@code /error}): what reaches it without a controller's answer (a refusal by the
 * HTTP firewall, a {@code sendError} in a filter, a missing route) answers RFC 9457 problem+json like every other
 * error, not Spring's default JSON. Never the exception or its message.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    @ResponseBody
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 ? value : 500;
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "the request could not be understood (malformed path, encoding, header or body)";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed on this route";
            default -> status >= 500 ? "the request could not be processed; it has been logged" : title.toLowerCase();
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemJson.body(status, ProblemJson.type(status), title, detail));
    }
}
