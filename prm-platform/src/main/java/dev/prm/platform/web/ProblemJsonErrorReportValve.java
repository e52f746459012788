package dev.prm.platform.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own refusals (an encoded slash or NUL in the path, a malformed request line), made before a request
 * reaches the application, answer problem+json instead of Tomcat's HTML page.
 */
public class ProblemJsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = status == 400 ? "the request could not be understood (malformed path, encoding or header)"
                : status >= 500 ? "the request could not be processed; it has been logged" : "the request was refused";
        String title = org.springframework.http.HttpStatus.resolve(status) == null ? "Error"
                : org.springframework.http.HttpStatus.resolve(status).getReasonPhrase();
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemJson.body(status, ProblemJson.type(status), title, detail));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response is gone: nothing more to say
        }
    }
}
