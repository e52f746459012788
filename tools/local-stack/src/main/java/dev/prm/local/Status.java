package dev.prm.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/status}: has every service of the running local stack caught up? Consumer lag 0 is not enough, so each
 * service answers for itself ({@code /actuator/health/catch-up}: lag, processors behind, ticks waiting).
 */
public final class Status {

    static final String USAGE = """
            Usage: bin/status [--wait[=600]] [--data-dir=.local-stack]
              One line per service instance: caught up or not, consumer lag, ticks waiting, events each processor
              (projections, publishers) has still to handle. Exit status 0 when everything has caught up, 3 when not.
              --wait   ask again every second until everything has caught up (at most the seconds given)""";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Status() {
    }

    public static void main(String[] args) {
        Tool.run(() -> {
            ToolArguments arguments = ToolArguments.parse(args, Set.of("wait", "data-dir"), USAGE);
            RunningStack stack = RunningStack.read(arguments.dataDir()).orElseThrow(() -> new IllegalStateException(
                    "no local stack runs from " + arguments.dataDir() + " (start one with ./run-local.sh, or pass --data-dir=)"));
            long waitSeconds = arguments.option("wait").map(value -> value.equals("true") ? 600L : Long.parseLong(value)).orElse(0L);
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            List<Line> lines = read(stack);
            while (!allCaughtUp(lines) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                lines = read(stack);
            }
            System.out.printf("%-24s %-9s %12s %8s  %s%n", "service", "caught up", "consumer lag", "ticks", "processors behind");
            lines.forEach(line -> System.out.println(line.format()));
            if (!allCaughtUp(lines)) {
                System.exit(3);
            }
        });
    }

    record Line(String instance, String caughtUp, String consumerLag, String pendingTicks, Map<String, String> behind) {

        String format() {
            StringBuilder processors = new StringBuilder();
            behind.forEach((name, count) -> processors.append(processors.isEmpty() ? "" : ", ").append(name).append(' ').append(count));
            return "%-24s %-9s %12s %8s  %s".formatted(instance, caughtUp, consumerLag, pendingTicks, processors);
        }
    }

    static boolean allCaughtUp(List<Line> lines) {
        return lines.stream().allMatch(line -> line.caughtUp().equals("yes"));
    }

    static List<Line> read(RunningStack stack) {
        List<Line> lines = new ArrayList<>();
        stack.services().forEach((instance, url) -> lines.add(read(instance, url)));
        return lines;
    }

    private static Line read(String instance, String url) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/catch-up"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return new Line(instance, "unknown", "HTTP " + answer.statusCode(), "", Map.of());
            }
            JsonNode details = JSON.readTree(answer.body()).path("components").path("catchUp").path("details");
            Map<String, String> behind = new LinkedHashMap<>();
            details.path("processorsBehind").properties().forEach(entry -> behind.put(entry.getKey(), entry.getValue().asString()));
            return new Line(instance, details.path("caughtUp").asBoolean() ? "yes" : "no",
                    details.path("consumerLag").asString(), details.path("pendingTicks").asString(), behind);
        } catch (java.io.IOException e) {
            return new Line(instance, "down", "no answer at " + url, "", Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
