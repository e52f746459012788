package dev.prm.local;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The tools' first contact with the broker: a clear message when none answers, instead of a minute's wait. */
final class Broker {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private Broker() {
    }

    /** The broker's topic names. @throws IllegalStateException when no broker answers at {@code bootstrap} */
    static Set<String> topics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis()))) {
            admin.describeCluster().clusterId().get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
            return admin.listTopics().names().get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrap + " within " + ANSWER_WITHIN.toSeconds()
                    + " s. Is the stack running (./run-local.sh)? Elsewhere: --bootstrap=host:port");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
