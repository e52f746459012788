package dev.prm.dashboards;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the partner portal and admins do, through the gateway, a few requests a second: every partner and admin
 * route (SPEC section 5) for partners the CRM enrolled, some for a partner nobody knows (404) and some without a
 * token (401), so the REST panels have routes, statuses and latencies to show. Loopback only.
 */
final class RestTraffic implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PARTNER_ROUTES = List.of("/tier", "/tier/history", "/points", "/registrations",
            "/registration-cap", "/commissions?month=2022-06", "/commission-hold");
    private static final List<String> ADMIN_ROUTES = List.of("/api/admin/tier-thresholds", "/api/admin/tier-calibration",
            "/api/admin/conflicts?status=OPEN");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final List<String> partners;
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private String token;

    private RestTraffic(String gateway, List<String> partners, double perSecond) {
        this.gateway = gateway;
        this.partners = partners;
        this.thread = Thread.ofPlatform().daemon().name("rest-traffic").start(() -> loop((long) (1000 / perSecond)));
    }

    static RestTraffic start(String gateway, String bootstrap, double perSecond) {
        List<String> partners = partnerIds(bootstrap, 50);
        if (partners.isEmpty()) {
            throw new IllegalStateException("no partner on the partners topic: the feed published nothing");
        }
        return new RestTraffic(gateway, partners, perSecond);
    }

    private void loop(long pauseMillis) {
        long n = 0;
        while (running) {
            try {
                if (token == null || n % 500 == 0) {
                    token = adminToken();
                }
                String partner = partners.get((int) (n % partners.size()));
                String path;
                String bearer = token;
                if (n % 10 == 9) {
                    path = "/api/partners/nobody-" + n + "/tier";            // 404
                } else if (n % 20 == 4) {
                    path = "/api/partners/" + partner + "/points";           // 401: no token
                    bearer = null;
                } else if (n % 7 == 3) {
                    path = ADMIN_ROUTES.get((int) (n / 7 % ADMIN_ROUTES.size()));
                } else {
                    path = "/api/partners/" + partner + PARTNER_ROUTES.get((int) (n % PARTNER_ROUTES.size()));
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10)).GET();
                if (bearer != null) {
                    request.header("Authorization", "Bearer " + bearer);
                }
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            } catch (IOException e) {
                failures.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
            n++;
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/dev/tokens"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"admin\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("no token from the gateway's development issuer: " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("token").asString();
    }

    /** Requests per status so far, and requests that got no answer. */
    String summary() {
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts + (failures.get() > 0 ? ", no answer: " + failures.get() : "");
    }

    long requests() {
        return statuses.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keys of the partners topic (partner ids), up to {@code limit}, read from the beginning to the current end. */
    static List<String> partnerIds(String bootstrap, int limit) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Set<String> ids = new LinkedHashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("partners", Duration.ofSeconds(10)).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ids.size() < limit && System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && ids.size() < limit) {
                        ids.add(record.key());
                    }
                }
            }
        }
        return List.copyOf(ids);
    }
}
