package dev.prm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class ReadsFirstTest {

    /** Answers the priority of the thread serving the request. */
    private static final class PriorityServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write(Integer.toString(Thread.currentThread().getPriority()));
        }
    }

    private static String priorityOfRequestThread(boolean readsFirst) throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        if (readsFirst) {
            factory.addConnectorCustomizers(new ReadsFirst());
        }
        WebServer server = factory.getWebServer(context -> context.addServlet("priority", new PriorityServlet()).addMapping("/"));
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            server.stop();
        }
    }

    @Test
    void requests_are_served_by_threads_of_the_highest_priority_and_the_rest_keeps_the_normal_one() throws Exception {
        assertThat(priorityOfRequestThread(false)).as("Tomcat's default").isEqualTo(Integer.toString(Thread.NORM_PRIORITY));
        assertThat(priorityOfRequestThread(true)).isEqualTo(Integer.toString(Thread.MAX_PRIORITY));
    }
}
