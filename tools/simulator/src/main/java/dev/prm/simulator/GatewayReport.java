package dev.prm.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.prm.contracts.PartnerKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the services made of a history, read through the gateway as an admin would (a token from the local
 * profile's development issuer): tiers, points and tier outlooks, registration caps, commission holds of notable partners.
 */
final class GatewayReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 6;

    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    GatewayReport(String gateway) {
        this.gateway = gateway;
    }

    void print(List<NotablePartner> partners, PrintStream out) {
        token = post("/dev/tokens", "{\"admin\":true}").path("token").asString();
        JsonNode calibration = get("/api/admin/tier-calibration");
        JsonNode openConflicts = get("/api/admin/conflicts?status=OPEN");
        out.println("partners per tier (all partners the tier-service knows): " + join(calibration.path("partnersPerTier")));
        out.printf("open channel conflicts (R8 cases for a partner manager): %,d%n%n", openConflicts.size());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"partner", "why", "kind", "country", "tier", "total12m", "sold12m",
                "outlook: next re-evaluation if no new fact (issue 18)", "active/cap", "over cap (planned ones: at their deadline)",
                "commissions"});
        for (NotablePartner partner : partners) {
            String path = "/api/partners/" + partner.partnerId();
            JsonNode tier = get(path + "/tier");
            JsonNode cap = get(path + "/registration-cap");
            JsonNode capThen = partner.deadline() == null ? cap : get(path + "/registration-cap?asOf=" + partner.deadline());
            JsonNode hold = get(path + "/commission-hold");
            JsonNode outlook = get(path + "/tier/outlook");
            rows.add(new String[] {partner.partnerId(), partner.role(), partner.kind() == PartnerKind.PROVIDER ? "PROVIDER" : "SP",
                    partner.country(), text(tier, "tier"), number(tier.at("/points/total12m")), number(tier.at("/points/sold12m")),
                    outlook(outlook), text(cap, "active") + "/" + text(cap, "cap"), overCap(capThen, partner.deadline()), commissions(hold)});
        }
        printTable(rows, out);
    }

    /** The tier the next re-evaluation would give with no new fact, and what is missing to keep the tier when at risk. */
    private static String outlook(JsonNode outlook) {
        JsonNode next = outlook.path("nextReevaluation");
        if (next.isMissingNode() || next.isNull()) {
            return "-";
        }
        String line = text(next, "tier") + " on " + date(next.path("at").asString(""));
        if (outlook.path("atRisk").asBoolean(false)) {
            line += ", AT RISK: " + number(next.path("missingPoints")) + " points / " + number(next.path("missingSoldPoints"))
                    + " sold missing";
        }
        return line;
    }

    private static String overCap(JsonNode cap, Instant asOf) {
        String when = asOf == null ? "" : " on " + date(asOf.toString());
        if (cap.isMissingNode() || !cap.path("overCap").asBoolean(false)) {
            return "no" + when;
        }
        return "yes" + when + ": " + text(cap, "active") + "/" + text(cap, "cap") + " since " + date(cap.path("overCapSince").asString(""))
                + ", deadline " + date(cap.path("deadline").asString(""));
    }

    private static String commissions(JsonNode hold) {
        if (hold.isMissingNode()) {
            return "-";
        }
        if (hold.path("held").asBoolean(false)) {
            return "HELD since " + date(hold.path("since").asString("")) + ": " + amounts(hold.path("heldAmounts"));
        }
        List<String> released = new ArrayList<>();
        for (JsonNode period : hold.path("periods")) {
            released.add("held " + date(period.path("since").asString("")) + " to " + date(period.path("until").asString("")) + ", released "
                    + amounts(period.path("releasedAmounts")));
        }
        return released.isEmpty() ? "never held" : String.join("; ", released);
    }

    private static String amounts(JsonNode money) {
        if (money.isEmpty()) {
            return "nothing";
        }
        List<String> parts = new ArrayList<>();
        money.forEach(m -> parts.add(m.path("currency").asString() + " " + m.path("amount").asString()));
        return String.join(" + ", parts);
    }

    private static String date(String instant) {
        return instant.length() >= 10 ? instant.substring(0, 10) : "-";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asString();
    }

    private static String number(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : "%,.0f".formatted(value.decimalValue());
    }

    private static String join(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        counts.properties().forEach(entry -> parts.add(entry.getKey() + " " + entry.getValue().asString()));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static void printTable(List<String[]> rows, PrintStream out) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < columns; i++) {
                cells.add(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s", row[i]));
            }
            out.println(cells.stream().collect(Collectors.joining("  ")).stripTrailing());
        }
    }

    /** A missing node when the service does not know the partner (404). */
    private JsonNode get(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(gateway + path)).GET());
    }

    private JsonNode post(String path, String body) {
        return exchange(HttpRequest.newBuilder(URI.create(gateway + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Retries what the gateway's rate limit (429) or a restarting service (502, 503) turns away. */
    private JsonNode exchange(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 404) {
                    return JSON.missingNode();
                }
                if (status == 200) {
                    return JSON.readTree(response.body());
                }
                if ((status == 429 || status == 502 || status == 503) && attempt < ATTEMPTS) {
                    Thread.sleep(Duration.ofSeconds(response.headers().firstValueAsLong("Retry-After").orElse(1)));
                    continue;
                }
                throw new IllegalStateException(built.method() + " " + built.uri() + " answered " + status + ": " + response.body());
            } catch (IOException e) {
                throw new IllegalStateException("the gateway at " + gateway + " did not answer: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
