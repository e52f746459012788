package dev.prm.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a running stack whether it has taken in everything published so far: each service's consumer group has
 * no lag on the partitions its members hold, and each processor has applied every stored event
 * ({@code GET /actuator/projections}). Used to pace simulated ticks after their month's facts, by tests and by
 * benchmarks.
 */
public final class StackProbe implements AutoCloseable {

    public static final List<String> SERVICE_GROUPS = List.of(StackOptions.TIER, StackOptions.REGISTRATION, StackOptions.COMMISSION);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public StackProbe(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "prm-stack-probe");
        this.admin = Admin.create(properties);
    }

    /**
     * Messages the group has not committed yet, over the partitions its members are assigned. A group with no
     * member yet counts as not caught up ({@link Long#MAX_VALUE}).
     */
    public long consumerLag(String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            Set<TopicPartition> assigned = new HashSet<>();
            for (MemberDescription member : description.members()) {
                assigned.addAll(member.assignment().topicPartitions());
            }
            if (assigned.isEmpty()) {
                return Long.MAX_VALUE;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            assigned.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata position = committed.get(partition);
                lag += ends.get(partition).offset() - (position == null ? 0 : position.offset());
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of consumer group " + group + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stored events not yet applied by the slowest processor of the service at {@code baseUrl}. */
    public long projectionsBehind(String baseUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/projections"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(baseUrl + "/actuator/projections answered " + response.statusCode());
            }
            long behind = 0;
            for (JsonNode processor : JSON.readTree(response.body()).get("processors")) {
                behind = Math.max(behind, processor.get("behind").asLong());
            }
            return behind;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every group has no lag and every service's processors are at the head, checked twice in a row
     * (a service's own publications feed another's input, e.g. registration-events into commission-service).
     */
    public void awaitIdle(Collection<String> groups, Collection<String> serviceUrls, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        String waitingFor = "";
        while (quietChecks < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack did not catch up within " + timeout.toSeconds() + " s: " + waitingFor);
            }
            waitingFor = pending(groups, serviceUrls);
            quietChecks = waitingFor.isEmpty() ? quietChecks + 1 : 0;
            sleep(quietChecks == 0 ? 200 : 300);
        }
    }

    private String pending(Collection<String> groups, Collection<String> serviceUrls) {
        for (String group : groups) {
            long lag = consumerLag(group);
            if (lag != 0) {
                return "consumer group " + group + " lag " + (lag == Long.MAX_VALUE ? "(no member yet)" : lag);
            }
        }
        for (String url : serviceUrls) {
            long behind = projectionsBehind(url);
            if (behind != 0) {
                return url + " projections " + behind + " events behind";
            }
        }
        return "";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
