package dev.prm.platform.web;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Reads are not starved by ingestion (issue 16): the threads that serve HTTP run at {@link Thread#MAX_PRIORITY}, every
 * other thread of the service (Kafka consumers, event processors, publishers, ticks) at the normal one. The JVM maps
 * them to OS nice values only when started with {@code -XX:ThreadPriorityPolicy=1} and Java priorities 1–5 mapped to
 * nice 10, 6–10 to 0 ({@code -XX:JavaPriorityN_To_OSPriority}; the local stack and the services' images do): under a
 * full-speed backlog the kernel then gives a request's thread the CPU first. Lowering one's own priority needs no
 * privilege. Without the flags the JVM ignores priorities and nothing changes.
 */
public final class ReadsFirst implements TomcatConnectorCustomizer {

    @Override
    public void customize(Connector connector) {
        if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            protocol.setThreadPriority(Thread.MAX_PRIORITY);
        }
    }
}
