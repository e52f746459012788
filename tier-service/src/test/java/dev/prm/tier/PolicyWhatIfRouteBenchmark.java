package dev.prm.tier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;

import dev.prm.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, not part of the suite (run with -Dtest=PolicyWhatIfRouteBenchmark): the what-if through its route on a
 * stored history the size of the benchmark's (5,000 partners over 39 months, ~1.2M stored facts: deals, amendments,
 * account periods, registrations), written straight into tier-service's tables with COPY. Prints the seconds per
 * answer: the first (cold JIT) and the next ones.
 */
class PolicyWhatIfRouteBenchmark extends TierServiceIntegrationTest {

    private static final Instant START = Instant.parse("2022-01-01T00:00:00Z");
    private static final int PARTNERS = 5_000;
    private static final int MONTHS = 39;
    private static final String[] COUNTRIES = {"US", "JP", "DE", "BR", "IN", "GB", "SG", "FR"};
    private static final String[] CURRENCIES = {"USD", "JPY", "EUR", "USD", "USD", "GBP", "SGD", "EUR"};
    private static final String[] SCALE = {"100", "12000", "75", "100", "100", "62.5", "140", "75"};

    @Autowired
    private DataSource dataSource;

    @Test
    void the_what_if_over_36_months_of_a_1M_fact_history() throws Exception {
        long filled = fill();
        String body = """
                {"from":"2022-03-01","to":"2025-03-01",
                 "thresholds":{"GOLD":{"totalPoints":250,"minimumSold":150},"PLATINUM":{"totalPoints":500,"minimumSold":250},
                               "DIAMOND":{"totalPoints":1200,"minimumSold":600},"ELITE":{"totalPoints":6000,"minimumSold":3500}},
                 "caps":{"tiers":{"SOLUTIONS_PARTNER":8,"GOLD":12,"PLATINUM":20,"DIAMOND":60,"ELITE":150},"provider":5}}""";
        StringBuilder figures = new StringBuilder();
        for (int run = 0; run < 4; run++) {
            long started = System.nanoTime();
            // HttpJson gives up after 10 s: the route's own client here, with the admin test token
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/admin/what-if"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestTokens.admin())
                    .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = JsonMapper.builder().build().readTree(response.body());
            assertThat(answer.get("partners").asInt()).isGreaterThanOrEqualTo(PARTNERS);
            figures.append("%n  run %d: %.1f s, %d moves and %d over cap (proposal) at the last re-evaluation, %d holds (proposal), %d KB"
                    .formatted(run + 1, seconds, answer.at("/reevaluations/5/moves").size(),
                            answer.at("/reevaluations/5/overCap/proposal").size(), answer.at("/holds/proposal").size(),
                            response.body().length() / 1024));
        }
        String tables = jdbc.queryForObject("""
                select format('%s deals, %s amendments, %s account periods, %s registrations',
                  (select count(*) from deal_points), (select count(*) from deal_amendment),
                  (select count(*) from account_period), (select count(*) from registration_fact))""", String.class);
        System.out.printf("%nWHAT-IF ROUTE BENCHMARK: %d facts stored (%s), 5000 partners, 36-month period, 6 re-evaluations:%s%n%n",
                filled, tables, figures);
    }

    /** A deterministic history; COPY keeps the filling to seconds. Returns the number of rows written. */
    private long fill() throws Exception {
        Random random = new Random(42);
        StringBuilder partners = new StringBuilder();
        StringBuilder deals = new StringBuilder();
        StringBuilder amendments = new StringBuilder();
        StringBuilder accounts = new StringBuilder();
        StringBuilder registrations = new StringBuilder();
        long rows = 0;
        for (int p = 0; p < PARTNERS; p++) {
            String partner = "BENCH-" + p;
            // a few large partners, many small ones
            double size = Math.pow(random.nextDouble(), 3) * 8 + 0.2;
            String kind = p % 20 == 0 ? "PROVIDER" : "SOLUTIONS_PARTNER";
            Instant firstSeen = month(random.nextInt(6)).plusSeconds(3600);
            partners.append(partner).append(',').append(ts(firstSeen)).append(',').append(kind).append('\n');
            rows++;
            int account = 0;
            for (int m = 0; m < MONTHS; m++) {
                Instant monthStart = month(m);
                int dealsThisMonth = (int) Math.round(random.nextDouble() * size * 1.9);
                for (int d = 0; d < dealsThisMonth; d++) {
                    int c = random.nextInt(COUNTRIES.length);
                    Instant closed = monthStart.plusSeconds(random.nextInt(27 * 86400) + 60);
                    String amount = amount(random, c, 400 + random.nextInt(2400));
                    String deal = "D" + m + "-" + d;
                    deals.append(partner).append(',').append(deal).append(',').append(deal).append(".example.com,")
                            .append(COUNTRIES[c]).append(',').append(amount).append(',').append(CURRENCIES[c]).append(',')
                            .append(ts(closed)).append(",1,0\n");
                    rows++;
                    if (random.nextInt(10) == 0) {
                        amendments.append(partner).append(',').append(deal).append(',').append(amount(random, c, 300 + random.nextInt(3000)))
                                .append(',').append(CURRENCIES[c]).append(',').append(ts(closed.plusSeconds(86400L * (1 + random.nextInt(60)))))
                                .append('\n');
                        rows++;
                    }
                }
                if (random.nextDouble() < size * 0.2) {
                    int c = random.nextInt(COUNTRIES.length);
                    Instant from = monthStart.plusSeconds(random.nextInt(27 * 86400));
                    String until = random.nextInt(3) == 0 ? ts(from.plusSeconds(86400L * (60 + random.nextInt(400)))) : "";
                    accounts.append(partner).append(",A").append(account++).append(',').append(ts(from)).append(',').append(until)
                            .append(",a").append(account).append(".example.com,").append(COUNTRIES[c]).append(',')
                            .append(amount(random, c, 1000 + random.nextInt(8000))).append(',').append(CURRENCIES[c]).append('\n');
                    rows++;
                }
                int registered = (int) Math.round(random.nextDouble() * size * 2.5);
                for (int r = 0; r < registered; r++) {
                    Instant at = monthStart.plusSeconds(random.nextInt(27 * 86400));
                    Instant validUntil = at.atOffset(ZoneOffset.UTC).plusMonths(6).toInstant();
                    String ended = random.nextInt(4) == 0 ? ts(at.plusSeconds(86400L * (1 + random.nextInt(170)))) : "";
                    registrations.append(partner).append(",r").append(m).append('-').append(r).append(".example.com,")
                            .append(ts(at)).append(',').append(ts(validUntil)).append(',').append(ended).append('\n');
                    rows++;
                }
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy partner_view (partner_id, first_seen, kind) from stdin (format csv)", new StringReader(partners.toString()));
            copy.copyIn("copy deal_points (partner_id, deal_id, customer_domain, customer_country, mrr_amount, mrr_currency, closed_at,"
                    + " em_factor, points) from stdin (format csv)", new StringReader(deals.toString()));
            copy.copyIn("copy deal_amendment (partner_id, deal_id, mrr_amount, mrr_currency, amended_at) from stdin (format csv)",
                    new StringReader(amendments.toString()));
            copy.copyIn("copy account_period (partner_id, account_id, valid_from, valid_until, customer_domain, customer_country,"
                    + " mrr_amount, mrr_currency) from stdin (format csv)", new StringReader(accounts.toString()));
            copy.copyIn("copy registration_fact (partner_id, domain, registered_at, valid_until, ended_at) from stdin (format csv)",
                    new StringReader(registrations.toString()));
            connection.createStatement().execute("analyze");
        }
        return rows;
    }

    private static Instant month(int m) {
        return START.atOffset(ZoneOffset.UTC).plusMonths(m).toInstant();
    }

    private static String ts(Instant instant) {
        return instant.toString();
    }

    /** {@code usd} US$ in the country's currency (the default table). */
    private static String amount(Random random, int country, int usd) {
        return new java.math.BigDecimal(SCALE[country]).multiply(java.math.BigDecimal.valueOf(usd))
                .divide(java.math.BigDecimal.valueOf(100)).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
