package dev.prm.local;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.prm.local.sim.SimulationSettings;
import dev.prm.testsupport.HttpJson;

/** Every partner-scoped read of SPEC §5 at the end of a simulated history, straight from the services (as ScaleOutEquivalenceTest reads them). */
final class PartnerAnswers {

    private PartnerAnswers() {
    }

    /** Route → "status body". */
    static Map<String, String> read(StackOptions options, SimulationSettings history, Set<String> partners) {
        String token = adminToken(options);
        YearMonth first = history.start();
        YearMonth end = first.plusMonths(history.months());
        String asOf = end.atDay(1) + "T00:00:00Z";
        Map<String, String> answers = new TreeMap<>();
        for (String partner : partners) {
            List<String[]> routes = new ArrayList<>(List.of(
                    new String[] {StackOptions.TIER, "/tier?asOf=" + asOf}, new String[] {StackOptions.TIER, "/tier/history"},
                    new String[] {StackOptions.TIER, "/points?asOf=" + asOf},
                    new String[] {StackOptions.REGISTRATION, "/registrations?asOf=" + asOf},
                    new String[] {StackOptions.REGISTRATION, "/registration-cap?asOf=" + asOf},
                    new String[] {StackOptions.COMMISSION, "/commission-hold"}));
            for (YearMonth month = first; month.isBefore(end); month = month.plusMonths(1)) {
                routes.add(new String[] {StackOptions.COMMISSION, "/commissions?month=" + month});
            }
            for (String[] route : routes) {
                String path = "/api/partners/" + partner + route[1];
                HttpJson.Response response = HttpJson.get("http://localhost:" + options.port(route[0]) + path, token);
                answers.put(path, response.status() + " " + response.body());
            }
        }
        return answers;
    }

    /** Routes answering differently, each with both answers from just before their first difference. */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> lines = new ArrayList<>();
        for (String route : expected.keySet()) {
            String a = expected.get(route);
            String b = actual.get(route);
            if (b == null) {
                lines.add(route + ": missing with faults");
            } else if (!a.equals(b)) {
                int at = 0;
                while (at < Math.min(a.length(), b.length()) && a.charAt(at) == b.charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 120);
                lines.add(route + " (first difference at character " + at + ")\n    fault-free:  …"
                        + OutboundEvents.abbreviate(a.substring(from), 400) + "\n    with faults: …" + OutboundEvents.abbreviate(b.substring(from), 400));
            }
        }
        actual.keySet().stream().filter(route -> !expected.containsKey(route)).forEach(route -> lines.add(route + ": only with faults"));
        return lines;
    }

    static String adminToken(StackOptions options) {
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create("http://localhost:" + options.port(StackOptions.GATEWAY) + "/dev/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"admin\":true}")), null);
        if (response.status() != 200) {
            throw new IllegalStateException("the gateway issued no admin token: " + response.status() + " " + response.body());
        }
        return response.body().get("token").stringValue();
    }
}
