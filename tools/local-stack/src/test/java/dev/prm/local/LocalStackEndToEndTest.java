package dev.prm.local;

import static dev.prm.local.PortCheck.freePort;
import static dev.prm.testsupport.CrmEvents.cloudEvent;
import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.partnerEnrolled;
import static dev.prm.testsupport.CrmEvents.timePassed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.prm.contracts.Topics;
import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The README's first command, as a test: the real broker, the real database and the four services from their
 * jars, business time driven by ticks. Through the gateway with tokens it issues: the foundation flow, the
 * seed's over-cap case from registrations to held and released commissions, the authorisation matrix of every
 * route of SPEC §5, the aggregated OpenAPI document; and stopping leaves no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;
    private static KafkaTestClient kafka;
    private static List<Long> pids;

    @BeforeAll
    static void startStack() throws IOException {
        Path dataDir = Files.createTempDirectory("prm-e2e");
        StackOptions options = new StackOptions(
                Path.of(System.getProperty("prm.repository.root", "../..")).toAbsolutePath().normalize(), dataDir,
                freePort(), freePort(), freePort(),
                Map.of(StackOptions.GATEWAY, freePort(), StackOptions.TIER, freePort(),
                        StackOptions.REGISTRATION, freePort(), StackOptions.COMMISSION, freePort()),
                "event", true, StackOptions.ALL_SERVICES, 1);
        stack = LocalStack.start(options);
        pids = stack.pids();
        kafka = new KafkaTestClient(options.kafkaBootstrap());
        HttpJson.useDefaultToken(mint("{\"admin\":true}"));
    }

    @AfterAll
    static void stopStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
            assertThat(pids).allSatisfy(pid ->
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse());
        }
    }

    @Test
    void a_deal_closed_on_kafka_is_readable_through_the_gateway_once_even_when_repeated() {
        String partner = "P-" + newId();
        Instant closedAt = Instant.parse("2026-03-10T09:00:00Z");
        String id = newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(id, partner, "D-1", "1000.00", "USD", "BR", closedAt));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(id, partner, "D-1", "1000.00", "USD", "BR", closedAt));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-2", "200.00", "USD", "US", closedAt.plusSeconds(5)));

        JsonNode points = awaitPoints(partner, 2, mint("{\"partnerId\":\"" + partner + "\"}"));

        // D-1: 10 units × 5 × 2 (BR is an emerging market) = 100; D-2: 2 units × 5 = 10
        assertThat(points.at("/deals/0/points").decimalValue()).isEqualByComparingTo("100");
        assertThat(points.at("/deals/1/points").decimalValue()).isEqualByComparingTo("10");
        assertThat(points.at("/totals/total12m").decimalValue()).isEqualByComparingTo("110");
    }

    @Test
    void a_malformed_message_goes_to_the_dead_letter_topic_and_the_next_valid_one_is_processed() {
        String partner = "P-" + newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, "not a cloud event");
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-ok", "100", "USD", "US", Instant.parse("2026-03-10T09:00:00Z")));

        awaitPoints(partner, 1, null);
        var deadLetters = kafka.readUntil(Topics.deadLetter(CrmTopics.DEAL_CLOSED), record -> partner.equals(record.key()),
                Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(deadLetters.getLast(), "dlt-reason")).isEqualTo("NOT_JSON");

        // what bin/dead-letters prints, finding the broker from the running stack's data directory
        String bootstrap = RunningStack.bootstrap(ToolArguments.parse(
                new String[] {"--data-dir=" + stack.options().dataDir()}, java.util.Set.of("data-dir"), ""));
        assertThat(bootstrap).isEqualTo(stack.options().kafkaBootstrap());
        // tier-service and commission-service both read deal-closed: each dead-letters it once, for itself
        assertThat(DeadLetters.read(bootstrap, List.of(Topics.deadLetter(CrmTopics.DEAL_CLOSED))).stream()
                .filter(letter -> partner.equals(letter.key()))
                .filter(letter -> "tier-service".equals(KafkaTestClient.header(letter, "dlt-consumer-group")))
                .map(DeadLetters::describe))
                .singleElement().asString()
                .contains("dlt-reason", "NOT_JSON", "dlt-original-topic", CrmTopics.DEAL_CLOSED, "not a cloud event");
    }

    /** bin/status: each backend service says for itself whether it has caught up (lag, processors, ticks). */
    @Test
    void status_finds_the_running_stack_and_every_service_reports_having_caught_up() {
        RunningStack running = RunningStack.read(stack.options().dataDir()).orElseThrow();
        assertThat(running.services()).containsOnlyKeys(StackOptions.TIER, StackOptions.REGISTRATION, StackOptions.COMMISSION);
        String partner = "P-" + newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-s", "100", "USD", "US", Instant.parse("2026-03-10T09:00:00Z")));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Status.Line> lines = Status.read(running);
            assertThat(lines).hasSize(3).allSatisfy(line -> {
                assertThat(line.caughtUp()).as(line.format()).isEqualTo("yes");
                assertThat(line.consumerLag()).isEqualTo("0");
                assertThat(line.behind()).isNotEmpty().allSatisfy((processor, behind) -> assertThat(behind).isEqualTo("0"));
            });
        });
    }

    /** SPEC R2, R6, R7, C3 across services: registration-service publishes, commission-service holds and releases. */
    @Test
    @Order(1) // its ticks start in 2022; business time never goes back
    void the_seeds_over_cap_case_holds_commissions_from_the_deadline_until_the_cap_is_restored() {
        String partner = "SEED-" + newId().substring(0, 8);
        String partnerToken = mint("{\"partnerId\":\"" + partner + "\"}");
        tick("2022-01-01T00:00:00Z");
        kafka.send(CrmTopics.PARTNERS, partner, partnerEnrolled(newId(), partner, "Seed Partner", "SOLUTIONS_PARTNER", "JP", "GOLD",
                Instant.parse("2022-01-01T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-SEED", "1000.00", "USD", "US",
                Instant.parse("2022-01-15T00:00:00Z")));
        for (int i = 0; i < 40; i++) {
            kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, domainEvent("DomainRegistrationRequested", partner, "d" + i + ".example.com",
                    "2022-01-10T00:00:00Z"));
        }
        tick("2022-01-31T00:00:00Z"); // requests dated after business time are decided when it reaches them (B3)
        await().atMost(Duration.ofSeconds(90)).until(() -> get("/api/partners/" + partner + "/registration-cap?asOf=2022-01-31", partnerToken),
                response -> response.status() == 200 && response.body().get("active").asInt() == 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/partners/" + partner + "/tier", partnerToken),
                response -> response.status() == 200 && "GOLD".equals(response.body().get("tier").stringValue()));

        for (String month : List.of("2022-02-01", "2022-03-01", "2022-04-01", "2022-05-01")) {
            tick(month + "T00:00:00Z");
        }
        for (int i = 0; i < 25; i++) {
            kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, domainEvent("DomainRegistrationReleased", partner, "d" + i + ".example.com",
                    "2022-05-10T08:00:00Z"));
        }
        tick("2022-06-01T00:00:00Z");

        // the ticks are taken in by each service in its own time
        JsonNode cap = await().atMost(Duration.ofSeconds(90)).until(
                () -> get("/api/partners/" + partner + "/registration-cap?asOf=2022-03-01", partnerToken),
                response -> response.status() == 200 && response.body().path("overCap").asBoolean(false)).body();
        assertThat(cap.get("cap").asInt()).isEqualTo(15);
        assertThat(cap.get("active").asInt()).isEqualTo(40);
        // registration-service's decisions reach commission-service on their own topic, in their own time
        JsonNode held = await().atMost(Duration.ofSeconds(90)).until(
                () -> get("/api/partners/" + partner + "/commissions?month=2022-04&asOf=2022-05-05", partnerToken),
                response -> response.status() == 200 && "HELD".equals(response.body().at("/accruals/0/status").asString())).body();
        assertThat(held.at("/accruals").size()).isEqualTo(1);
        assertThat(held.at("/accruals/0/heldSince").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        assertThat(held.at("/accruals/0/amount/amount").stringValue()).isEqualTo("200.00");
        JsonNode released = await().atMost(Duration.ofSeconds(90)).until(
                () -> get("/api/partners/" + partner + "/commissions?month=2022-04&asOf=2022-06-01", partnerToken),
                response -> response.status() == 200 && "PAYABLE".equals(response.body().at("/accruals/0/status").asString())).body();
        assertThat(released.at("/accruals/0/releasedAt").stringValue()).isEqualTo("2022-05-10T08:00:00Z");
        List<String> commissionEvents = new ArrayList<>();
        kafka.readUntil(CommissionEvents.TOPIC, record -> {
            String json = new String(record.value());
            if (partner.equals(record.key()) && json.contains("CommissionHold")) {
                commissionEvents.add(json.contains("CommissionHoldPlaced") ? "placed" : "released");
            }
            return commissionEvents.size() == 2;
        }, Duration.ofSeconds(60));
        assertThat(commissionEvents).containsExactly("placed", "released");

        // issue 18 through the gateway: today's side of the what-if replays this very case as the services decided it,
        // and a proposal that keeps GOLD's cap at 50 would have held nothing. From February 1: the enrolment above was
        // published after the tick of its own instant, so no evaluation of January 1 was made for it (T8, late facts),
        // while a replay evaluates every month end at or after a partner's first fact.
        String whatIf = """
                {"from":"2022-02-01","to":"2022-06-01",
                 "thresholds":{"GOLD":{"totalPoints":100,"minimumSold":60},"PLATINUM":{"totalPoints":300,"minimumSold":200},
                               "DIAMOND":{"totalPoints":1000,"minimumSold":500},"ELITE":{"totalPoints":5000,"minimumSold":3000}},
                 "caps":{"tiers":{"SOLUTIONS_PARTNER":10,"GOLD":50,"PLATINUM":60,"DIAMOND":75,"ELITE":175},"provider":5}}""";
        String admin = mint("{\"admin\":true}");
        JsonNode answer = await().atMost(Duration.ofSeconds(60)).until(() -> HttpJson.sendAs(HttpRequest.newBuilder(
                                URI.create(gateway() + "/api/admin/what-if")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(whatIf)), admin),
                // tier-service takes registration-events in on its own time: the release ends the hold once it has
                response -> response.status() == 200 && holdsOf(response.body().at("/holds/today"), partner).size() == 1
                        && !holdsOf(response.body().at("/holds/today"), partner).getFirst().get(1).isEmpty()).body();
        assertThat(holdsOf(answer.at("/holds/today"), partner).getFirst())
                .isEqualTo(List.of("2022-04-01T00:00:00Z", "2022-05-10T08:00:00Z"));
        assertThat(holdsOf(answer.at("/holds/proposal"), partner)).isEmpty();
        JsonNode overCapToday = answer.at("/periodEnd/overCap/today");
        assertThat(overCapToday.toString()).doesNotContain(partner); // back at its cap by the period's end
        assertThat(answer.at("/partners").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(HttpJson.sendAs(HttpRequest.newBuilder(URI.create(gateway() + "/api/admin/what-if"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(whatIf)), partnerToken)
                .status()).isEqualTo(403);
    }

    /** The [from, until] of each hold of {@code partner} in a what-if answer's hold list. */
    private static List<List<String>> holdsOf(JsonNode holds, String partner) {
        List<List<String>> periods = new ArrayList<>();
        for (JsonNode hold : holds) {
            if (partner.equals(hold.path("partnerId").asString())) {
                periods.add(List.of(hold.path("from").asString(), hold.path("until").asString()));
            }
        }
        return periods;
    }

    /** SPEC §5 through the gateway: every route, with no token, an expired one, one for another API, another partner's and the right one. */
    @Test
    @Order(2)
    void every_route_of_the_api_answers_only_the_right_caller() {
        String partner = "AUTH-" + newId().substring(0, 8);
        kafka.send(CrmTopics.PARTNERS, partner, partnerEnrolled(newId(), partner, "Auth Test", "SOLUTIONS_PARTNER", "JP", null,
                Instant.parse("2026-03-01T00:00:00Z")));
        tick("2026-03-02T00:00:00Z"); // registration-service takes the enrolment in when business time reaches it (B3)
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-A", "100", "USD", "US", Instant.parse("2026-03-10T09:00:00Z")));
        String own = mint("{\"partnerId\":\"" + partner + "\"}");
        awaitPoints(partner, 1, own);
        for (String known : List.of("/registration-cap", "/commission-hold")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/partners/" + partner + known, own).status() == 200);
        }
        String expired = mint("{\"partnerId\":\"" + partner + "\",\"expiresInSeconds\":-120}");
        String otherApi = mint("{\"partnerId\":\"" + partner + "\",\"audience\":\"another-api\"}");
        String otherPartner = mint("{\"partnerId\":\"someone-else\"}");
        String admin = mint("{\"admin\":true}");
        String base = "/api/partners/" + partner;
        List<String[]> partnerRoutes = List.of(
                new String[] {"GET", base + "/tier?asOf=2026-04-01"}, new String[] {"GET", base + "/tier/history"},
                new String[] {"GET", base + "/tier/outlook"},
                new String[] {"GET", base + "/points?asOf=2026-04-01"}, new String[] {"GET", base + "/registrations"},
                new String[] {"POST", base + "/registrations"}, new String[] {"POST", base + "/registrations/auth-test.example.com/extension"},
                new String[] {"DELETE", base + "/registrations/auth-test.example.com"}, new String[] {"GET", base + "/registration-cap"},
                new String[] {"GET", base + "/commissions?month=2026-03"}, new String[] {"GET", base + "/commission-hold"});
        List<String[]> adminRoutes = List.of(
                new String[] {"GET", "/api/admin/tier-thresholds"}, new String[] {"POST", "/api/admin/tier-thresholds"},
                new String[] {"GET", "/api/admin/tier-calibration"}, new String[] {"GET", "/api/admin/conflicts"},
                new String[] {"POST", "/api/admin/conflicts/no-such-case/resolution"}, new String[] {"POST", "/api/admin/what-if"});

        for (String[] route : concat(partnerRoutes, adminRoutes)) {
            for (String refused : new String[] {null, expired, otherApi}) {
                assertThat(call(route, refused).status()).as("%s %s", route[0], route[1]).isEqualTo(401);
            }
        }
        for (String[] route : partnerRoutes) {
            HttpJson.Response other = call(route, otherPartner);
            assertThat(other.status()).as("another partner on %s %s", route[0], route[1]).isEqualTo(404);
            assertThat(other.body().toString()).doesNotContain(partner);
            assertThat(call(route, own).status()).as("own token on %s %s", route[0], route[1]).isIn(200, 201, 204, 409);
            assertThat(call(route, admin).status()).as("admin on %s %s", route[0], route[1]).isNotIn(401, 403);
        }
        for (String[] route : adminRoutes) {
            assertThat(call(route, own).status()).as("partner on %s %s", route[0], route[1]).isEqualTo(403);
            assertThat(call(route, admin).status()).as("admin on %s %s", route[0], route[1]).isNotIn(401, 403);
        }
        // a request that bypasses the gateway is refused by the service itself
        String direct = "http://localhost:" + stack.options().port(StackOptions.TIER) + base + "/tier";
        assertThat(HttpJson.get(direct, null).status()).isEqualTo(401);
        assertThat(HttpJson.get(direct, otherPartner).status()).isEqualTo(404);
    }

    /** Issue 16's edges on the real stack: encoded ids, Location, HEAD, firewall refusals, management port, CORS, binding. */
    @Test
    @Order(3)
    void the_edges_hold_encoded_ids_head_firewall_refusals_management_port_cors_and_loopback_binding() throws Exception {
        String partner = "P X-ü-" + newId().substring(0, 8);
        String encoded = URLEncoder.encode(partner, StandardCharsets.UTF_8).replace("+", "%20");
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-E", "100", "USD", "US", Instant.parse("2026-03-11T09:00:00Z")));
        String own = mint("{\"partnerId\":\"" + partner + "\"}");
        String base = gateway() + "/api/partners/" + encoded;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> HttpJson.get(base + "/points?asOf=2026-04-01", own), response -> response.status() == 200
                        && response.body().at("/deals").size() == 1);
        assertThat(HttpJson.get(base + "/points?asOf=2026-04-01", mint("{\"partnerId\":\"P X-u\"}")).status()).isEqualTo(404);

        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/registrations"))
                .header("Authorization", "Bearer " + own).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"edges-e2e.example.com\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/partners/" + encoded + "/registrations/edges-e2e.example.com");

        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base + "/tier"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + own));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        String tier = "http://localhost:" + stack.options().port(StackOptions.TIER);
        for (String origin : List.of(gateway(), tier)) {
            for (String path : List.of("/api/partners/P1%2FP2/tier", "/api/partners/P1;x=1/tier", "/api/partners/P1/../P2/tier")) {
                HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(origin + path)).header("Authorization", "Bearer " + own));
                assertThat(refused.statusCode()).as(origin + path).isEqualTo(400);
                assertThat(refused.headers().firstValue("content-type").orElse("")).as(origin + path).startsWith("application/problem+json");
            }
        }

        for (String service : StackOptions.ALL_SERVICES) {
            String publicPort = "http://localhost:" + stack.options().port(service);
            String management = "http://localhost:" + stack.options().managementPort(service);
            assertThat(send(HttpRequest.newBuilder(URI.create(publicPort + "/actuator/prometheus"))).statusCode()).as(service).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus"))).statusCode()).as(service).isEqualTo(200);
            if (!service.equals(StackOptions.GATEWAY)) {
                assertThat(send(HttpRequest.newBuilder(URI.create(publicPort + "/actuator/projections"))).statusCode()).as(service).isEqualTo(404);
                assertThat(send(HttpRequest.newBuilder(URI.create(management + "/actuator/projections"))).statusCode()).as(service).isEqualTo(200);
            }
        }

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(base + "/tier"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://portal.example.com").header("Access-Control-Request-Method", "GET"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as("no origin is allowed by default").isEmpty();

        // loopback only: another address of this machine reaches neither the gateway nor a service
        InetAddress outside = NetworkInterface.networkInterfaces().filter(LocalStackEndToEndTest::isUp).flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).findFirst().orElse(null);
        if (outside != null) {
            for (String service : StackOptions.ALL_SERVICES) {
                assertThat(reachable(outside, stack.options().port(service))).as("%s on %s", service, outside).isFalse();
                assertThat(reachable(outside, stack.options().managementPort(service))).as("%s actuator on %s", service, outside).isFalse();
            }
        }
    }

    private static boolean isUp(NetworkInterface candidate) {
        try {
            return candidate.isUp() && !candidate.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void one_openapi_document_lists_every_route_of_the_api_and_errors_are_problem_json() {
        // each service generates its document on the first call, which takes seconds on a loaded machine
        JsonNode document = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> HttpJson.get(gateway() + "/docs/api", null).body(), body -> body.path("x-unavailable").isEmpty());
        JsonNode paths = document.get("paths");
        assertThat(paths.propertyNames()).contains(
                "/api/partners/{partnerId}/tier", "/api/partners/{partnerId}/tier/history", "/api/partners/{partnerId}/points",
                "/api/partners/{partnerId}/registrations", "/api/partners/{partnerId}/registrations/{domain}/extension",
                "/api/partners/{partnerId}/registrations/{domain}", "/api/partners/{partnerId}/registration-cap",
                "/api/partners/{partnerId}/commissions", "/api/partners/{partnerId}/commission-hold",
                "/api/admin/tier-thresholds", "/api/admin/tier-calibration", "/api/admin/conflicts",
                "/api/admin/conflicts/{conflictId}/resolution");
        assertThat(HttpJson.getText(gateway() + "/asyncapi.yaml")).contains("registration-events");

        HttpJson.Response unknown = HttpJson.get(gateway() + "/api/partners/nobody-" + newId() + "/points");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    private static HttpJson.Response call(String[] route, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + route[1]));
        switch (route[0]) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            default -> request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    route[1].endsWith("/registrations") ? "{\"domain\":\"auth-test.example.com\"}"
                            : route[1].endsWith("/resolution") ? "{\"resolution\":\"PARTNER\"}" : "{}"));
        }
        return HttpJson.sendAs(request, token);
    }

    private static List<String[]> concat(List<String[]> first, List<String[]> second) {
        List<String[]> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String domainEvent(String type, String partner, String domain, String time) {
        return cloudEvent(newId(), type, Instant.parse(time), "{\"partnerId\":\"%s\",\"domain\":\"%s\"}".formatted(partner, domain));
    }

    private static void tick(String time) {
        kafka.send(CrmTopics.BUSINESS_TIME, "clock", timePassed(Instant.parse(time)));
    }

    private static String mint(String request) {
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create(gateway() + "/dev/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)), null);
        assertThat(response.status()).as("minting %s: %s", request, response.body()).isEqualTo(200);
        return response.body().get("token").stringValue();
    }

    private static HttpJson.Response get(String path, String token) {
        return HttpJson.get(gateway() + path, token);
    }

    private static JsonNode awaitPoints(String partner, int deals, String token) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> token == null ? HttpJson.get(gateway() + "/api/partners/" + partner + "/points?asOf=2026-04-01")
                                : get("/api/partners/" + partner + "/points?asOf=2026-04-01", token),
                        response -> response.status() == 200 && response.body().at("/deals").size() >= deals)
                .body();
    }

    private static String gateway() {
        return "http://localhost:" + stack.options().port(StackOptions.GATEWAY);
    }
}
