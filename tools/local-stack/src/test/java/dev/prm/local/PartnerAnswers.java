package dev.prm.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.prm.simulator.SimulationSettings;

/** Every partner-scoped read of SPEC §5 at the end of a simulated history, straight from the services (as ScaleOutEquivalenceTest reads them). */
final class PartnerAnswers {

    private PartnerAnswers() {
    }

    /** Route → "status body" (the reads of {@link HistoryReplay#answers}, with an admin token). */
    static Map<String, String> read(StackOptions options, SimulationSettings history, Set<String> partners) {
        return HistoryReplay.answers(options, history, partners, HistoryReplay.adminToken(options));
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
}
