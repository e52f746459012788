package dev.prm.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every query of the provisioned dashboards (deploy/grafana/dashboards/*.json), as Grafana would send it. */
final class DashboardQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Query(String dashboard, int panelId, String panel, String refId, String expr) {
    }

    /** A query variable: its name, the metric its values come from, and the value Grafana sends for "All". */
    record Variable(String dashboard, String name, String definition, String allValue) {
    }

    private final List<Query> queries = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();

    static DashboardQueries read(Path dir) {
        DashboardQueries all = new DashboardQueries();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(file.getFileName().toString().replace(".json", ""), JSON.readTree(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.queries.isEmpty()) {
            throw new IllegalStateException("no dashboard queries under " + dir);
        }
        return all;
    }

    private void add(String dashboard, JsonNode json) {
        for (JsonNode variable : json.at("/templating/list")) {
            if ("query".equals(variable.path("type").asString())) {
                variables.add(new Variable(dashboard, variable.path("name").asString(), variable.path("definition").asString(),
                        variable.path("allValue").isMissingNode() || variable.path("allValue").isNull() ? null
                                : variable.path("allValue").asString()));
            }
        }
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            if (panel.path("targets").isEmpty()) {
                // a panel that queries nothing shows nothing: counted as an empty panel
                queries.add(new Query(dashboard, panel.path("id").asInt(), panel.path("title").asString(), "-", ""));
            }
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(dashboard, panel.path("id").asInt(), panel.path("title").asString(),
                        target.path("refId").asString(), target.path("expr").asString()));
            }
        }
    }

    List<Query> queries() {
        return queries;
    }

    List<Variable> variables() {
        return variables;
    }

    /**
     * Grafana's substitution: {@code $service} by the variable's value (All: its allValue, else a regex of every
     * value), {@code $__rate_interval} and {@code $__range} by the windows given.
     */
    static String expand(String expr, String service, String rateInterval, String range) {
        return expr.replace("$__rate_interval", rateInterval).replace("$__range", range).replace("$__interval", rateInterval)
                .replace("${service}", service).replace("$service", service);
    }
}
