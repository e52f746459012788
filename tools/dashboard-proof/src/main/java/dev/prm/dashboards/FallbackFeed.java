package dev.prm.dashboards;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small CRM history published the way {@code bin/publish} does (CloudEvents as bytes, keyed by partner), for
 * when the simulator is not there: December 2021 to July 2022, 30 partners (4 migrated with a tier, 3 providers)
 * closing deals and managing accounts every month, monthly ticks (and Jan 15 / Jul 15 re-evaluations), two GOLD
 * partners with 18 and 20 registrations when the February 2022 cap table cuts GOLD to 15 (one complies, the other
 * passes its April 1 deadline: held commissions), refusals of every common kind. Before each tick it waits
 * until the services have read everything, so month ends see the month's facts.
 */
final class FallbackFeed {

    private static final List<String> GROUPS = List.of("tier-service", "registration-service", "commission-service");
    private static final String[][] MONEY = {{"USD", "1200"}, {"EUR", "900"}, {"JPY", "150000"}, {"USD", "450"}, {"GBP", "700"}};
    private static final String[] COUNTRIES = {"US", "IN", "JP", "DE", "BR", "GB"};

    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final Random random = new Random(42);
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();
    private int published;

    private FallbackFeed(String bootstrap) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Publishes the history; returns how many events. */
    static int publish(String bootstrap) {
        FallbackFeed feed = new FallbackFeed(bootstrap);
        try {
            feed.history();
            return feed.published;
        } finally {
            feed.producer.close(Duration.ofSeconds(10));
            feed.admin.close(Duration.ofSeconds(10));
        }
    }

    private void history() {
        tick(day(2021, 12, 1));
        List<String> partners = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String partner = "P-FB-%02d".formatted(i);
            partners.add(partner);
            String tier = switch (i) {
                case 0, 1 -> "GOLD";
                case 2 -> "PLATINUM";
                case 3 -> "DIAMOND";
                default -> null;
            };
            String kind = i >= 27 ? "PROVIDER" : "SOLUTIONS_PARTNER";
            send("partners", partner, event("PartnerEnrolled", day(2021, 12, 1).plusSeconds(i), """
                    {"partnerId":"%s","name":"Partner %d","kind":"%s","country":"%s"%s}""".formatted(partner, i, kind,
                    COUNTRIES[i % COUNTRIES.length], tier == null ? "" : ",\"tier\":\"" + tier + "\"")));
        }
        // a direct owner for one domain: a partner asking for it opens a channel conflict (R8)
        send("domain-registration", "direct-owned.example.com", event("DirectOwnerAssigned", day(2021, 12, 2), """
                {"domain":"direct-owned.example.com","ownerId":"direct-sales-1"}"""));

        List<LocalDate> ticks = List.of(LocalDate.of(2022, 1, 1), LocalDate.of(2022, 1, 15), LocalDate.of(2022, 2, 1),
                LocalDate.of(2022, 3, 1), LocalDate.of(2022, 4, 1), LocalDate.of(2022, 5, 1), LocalDate.of(2022, 6, 1),
                LocalDate.of(2022, 7, 1), LocalDate.of(2022, 7, 15));
        LocalDate month = LocalDate.of(2021, 12, 1);
        int deal = 0;
        for (LocalDate tick : ticks) {
            // the month's facts, dated inside [month, tick)
            if (tick.getDayOfMonth() == 1) {
                for (String partner : partners) {
                    int deals = 1 + random.nextInt(partner.compareTo("P-FB-10") < 0 ? 3 : 2);
                    for (int d = 0; d < deals; d++) {
                        String[] money = MONEY[random.nextInt(MONEY.length)];
                        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
                        send("deal-closed", partner, event("DealClosed", at(month, 3 + d, partner), """
                                {"dealId":"D-%d","partnerId":"%s","customer":{"domain":"customer-%d.example.com","country":"%s"},\
                                "mrr":{"amount":"%s","currency":"%s"}}""".formatted(++deal, partner, deal, country, money[1], money[0])));
                    }
                    if (month.getMonthValue() == 12 && random.nextBoolean()) {
                        send("account-managed", partner, event("AccountManaged", at(month, 5, partner), """
                                {"accountId":"A-%s","partnerId":"%s","customer":{"domain":"account-%s.example.com","country":"US"},\
                                "mrr":{"amount":"3000","currency":"USD"}}""".formatted(partner, partner, partner)));
                    }
                }
                registrations(month);
                month = tick;
            }
            awaitServices();
            tick(tick.atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        awaitServices();
    }

    /** R2-R8: two GOLD partners over the February cap cut, one complies by March; refusals of each kind. */
    private void registrations(LocalDate month) {
        if (month.equals(LocalDate.of(2021, 12, 1))) {
            return;
        }
        if (month.equals(LocalDate.of(2022, 1, 1))) {
            for (int d = 0; d < 20; d++) {
                request("P-FB-00", "p00-customer-" + d + ".example.com", at(month, 10, "P-FB-00").plusSeconds(d));
            }
            for (int d = 0; d < 18; d++) {
                request("P-FB-01", "p01-customer-" + d + ".example.com", at(month, 10, "P-FB-01").plusSeconds(d));
            }
            for (int p = 4; p < 20; p++) {
                String partner = "P-FB-%02d".formatted(p);
                for (int d = 0; d < 3; d++) {
                    request(partner, "p%02d-lead-%d.example.com".formatted(p, d), at(month, 12, partner).plusSeconds(d));
                }
            }
            request("P-FB-05", "not a domain!", at(month, 13, "P-FB-05"));                  // INVALID_DOMAIN
            request("P-FB-06", "p00-customer-1.example.com", at(month, 13, "P-FB-06"));     // ALREADY_REGISTERED
            request("P-FB-07", "direct-owned.example.com", at(month, 13, "P-FB-07"));       // CHANNEL_CONFLICT
        }
        if (month.equals(LocalDate.of(2022, 2, 1))) {
            request("P-FB-00", "one-more.example.com", at(month, 10, "P-FB-00"));           // CAP_REACHED (over cap)
        }
        if (month.equals(LocalDate.of(2022, 3, 1))) {
            for (int d = 0; d < 4; d++) {                                                  // back to 14 of 15: restored
                send("domain-registration", "P-FB-01", event("DomainRegistrationReleased", at(month, 8, "P-FB-01").plusSeconds(d), """
                        {"partnerId":"P-FB-01","domain":"p01-customer-%d.example.com"}""".formatted(d)));
            }
        }
        if (month.equals(LocalDate.of(2022, 5, 1))) {
            request("P-FB-08", "Also not valid", at(month, 9, "P-FB-08"));
        }
    }

    private void request(String partner, String domain, Instant at) {
        send("domain-registration", partner, event("DomainRegistrationRequested", at, """
                {"partnerId":"%s","domain":"%s"}""".formatted(partner, domain)));
    }

    private void tick(Instant at) {
        send("business-time", "clock", event("TimePassed", at, "{}"));
        flush();
    }

    private void send(String topic, String key, String value) {
        sent.add(producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))));
        published++;
    }

    private void flush() {
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("not published: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        sent.clear();
    }

    /** Until every service's consumer group has read its topics to the end (at most two minutes). */
    private void awaitServices() {
        flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (lag() == 0) {
                return;
            }
            PrometheusProcess.sleep(300);
        }
        System.out.println("[prove-dashboards] the services are still behind after 2 minutes; going on");
    }

    /** Records the services' consumer groups have not committed yet, over every partition assigned to them. */
    private long lag() {
        try {
            long lag = 0;
            for (String group : GROUPS) {
                List<TopicPartition> assigned = new ArrayList<>();
                admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
                        .forEach(member -> assigned.addAll(member.assignment().topicPartitions()));
                if (assigned.isEmpty()) {
                    return Long.MAX_VALUE; // not joined (yet)
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                assigned.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                var end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                for (TopicPartition partition : assigned) {
                    OffsetAndMetadata done = committed.get(partition);
                    lag += Math.max(0, end.get(partition).offset() - (done == null ? 0 : done.offset()));
                }
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return Long.MAX_VALUE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String event(String type, Instant time, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"crm-prove-dashboards","type":"%s","time":"%s",\
                "datacontenttype":"application/json","data":%s}""".formatted(UUID.randomUUID(), type, time, data);
    }

    private static Instant day(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant at(LocalDate month, int day, String partner) {
        return month.withDayOfMonth(day).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600 + Math.abs(partner.hashCode() % 3600));
    }
}
