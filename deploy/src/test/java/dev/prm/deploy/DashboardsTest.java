package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioned Grafana dashboards: valid JSON of a current schema, unique panel ids, every panel querying the
 * provisioned Prometheus data source with a non-empty expression filtered by the service variable, and every
 * expression parsed by Prometheus' own parser (promtool, as recording rules). That each query returns data
 * from the running system is bin/prove-dashboards' job.
 */
class DashboardsTest {

    private static final Path GRAFANA = Repository.ROOT.resolve("deploy/grafana");
    private static final Path DASHBOARDS = GRAFANA.resolve("dashboards");
    private static final List<String> EXPECTED = List.of("program.json", "sre-overview.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Grafana 12's dashboard schema. */
    private static final int CURRENT_SCHEMA = 41;

    @TempDir
    Path workDir;

    @Test
    void theDashboardsAreTheExpectedFilesOfValidJsonWithUniquePanelIds() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.map(path -> path.getFileName().toString()).sorted().toList();
        }
        assertThat(files).containsExactlyElementsOf(EXPECTED);
        Set<String> uids = new HashSet<>();
        for (String file : EXPECTED) {
            JsonNode dashboard = dashboard(file);
            assertThat(dashboard.get("schemaVersion").intValue()).as("schemaVersion of %s", file).isEqualTo(CURRENT_SCHEMA);
            assertThat(uids.add(dashboard.get("uid").stringValue())).as("uid of %s is unique", file).isTrue();
            assertThat(dashboard.get("title").stringValue()).startsWith("PRM / ");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : allPanels(dashboard)) {
                assertThat(panel.has("id")).as("panel %s of %s has an id", panel.path("title"), file).isTrue();
                assertThat(ids.add(panel.get("id").intValue())).as("panel id %s of %s is unique", panel.get("id"), file).isTrue();
                assertThat(panel.get("gridPos")).as("gridPos of %s", panel.path("title")).isNotNull();
            }
            assertThat(queryPanels(dashboard)).as("panels of %s", file).hasSizeGreaterThan(5);
        }
    }

    @Test
    void everyPanelQueriesTheProvisionedPrometheusThroughTheServiceVariable() {
        String uid = provisionedDatasourceUid();
        for (String file : EXPECTED) {
            JsonNode dashboard = dashboard(file);
            JsonNode service = variable(dashboard, "service");
            assertThat(service).as("the service variable of %s", file).isNotNull();
            assertThat(service.at("/datasource/uid").stringValue()).isEqualTo(uid);
            assertThat(service.get("includeAll").booleanValue()).isTrue();
            for (JsonNode panel : queryPanels(dashboard)) {
                String title = file + " / " + panel.get("title").stringValue();
                assertThat(panel.at("/datasource/uid").stringValue()).as("data source of %s", title).isEqualTo(uid);
                assertThat(panel.get("targets")).as("targets of %s", title).isNotEmpty();
                for (JsonNode target : panel.get("targets")) {
                    String expr = target.path("expr").isString() ? target.get("expr").stringValue() : "";
                    assertThat(expr).as("expr of %s %s", title, target.path("refId")).isNotBlank();
                    assertThat(target.at("/datasource/uid").stringValue()).as("data source of %s", title).isEqualTo(uid);
                    assertThat(expr).as("%s follows the service variable", title).contains("service=~\"$service\"");
                }
            }
        }
    }

    /** Prometheus' parser is the judge: every expression, variables expanded, as a recording rule for promtool. */
    @Test
    void everyExpressionParses() throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int count = 0;
        for (String file : EXPECTED) {
            JsonNode dashboard = dashboard(file);
            for (JsonNode panel : queryPanels(dashboard)) {
                for (JsonNode target : panel.get("targets")) {
                    String expr = expand(target.get("expr").stringValue());
                    assertThat(expr).as("no unknown variable in %s", expr).doesNotContain("$");
                    rules.append("      - record: dashboard:").append(file.replace(".json", "").replace('-', '_'))
                            .append(":panel_").append(panel.get("id").intValue()).append('_').append(target.get("refId").stringValue())
                            .append("\n        expr: ").append(JSON.writeValueAsString(expr)).append('\n');
                    count++;
                }
            }
        }
        Path file = Files.writeString(workDir.resolve("dashboard-expressions.yml"), rules);
        ExternalTool.Result result = PrometheusRulesTest.PROMTOOL.run(List.of("check", "rules", file.toString()), Map.of(), List.of(),
                workDir, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("SUCCESS: " + count + " rules found");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusOfComposeAndTheDashboardsWhereComposeMountsThem() {
        Map<String, Object> datasource = PrometheusRulesTest.maps(yaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml")).get("datasources")).getFirst();
        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("uid", "prometheus")
                .containsEntry("url", "http://prometheus:9090");
        Map<String, Object> provider = PrometheusRulesTest.maps(yaml(GRAFANA.resolve("provisioning/dashboards/prm.yml")).get("providers")).getFirst();
        assertThat(provider).containsEntry("type", "file");
        String path = (String) PrometheusRulesTest.map(provider.get("options")).get("path");

        Map<String, Object> compose = yaml(Repository.ROOT.resolve("docker-compose.yml"));
        Map<String, Object> grafana = PrometheusRulesTest.map(PrometheusRulesTest.map(compose.get("services")).get("grafana"));
        assertThat(PrometheusRulesTest.strings(grafana.get("volumes")))
                .as("docker-compose.yml mounts deploy/grafana/dashboards where the provider reads")
                .anySatisfy(volume -> assertThat(volume).startsWith("./deploy/grafana/dashboards:" + path));
        assertThat(PrometheusRulesTest.map(compose.get("services"))).as("the data source's host").containsKey("prometheus");
    }

    /** The values Grafana gives its own variables, and "All" for the service variable. */
    static String expand(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$__interval", "15s")
                .replace("$service", ".*");
    }

    static JsonNode dashboard(String file) {
        return JSON.readTree(Repository.read(DASHBOARDS.resolve(file)));
    }

    /** Every panel, those inside rows included. */
    static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Every panel but rows: they all query. */
    static List<JsonNode> queryPanels(JsonNode dashboard) {
        return allPanels(dashboard).stream().filter(panel -> !"row".equals(panel.get("type").stringValue())).toList();
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (name.equals(variable.get("name").stringValue())) {
                return variable;
            }
        }
        return null;
    }

    private static String provisionedDatasourceUid() {
        return (String) PrometheusRulesTest.maps(yaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml")).get("datasources"))
                .getFirst().get("uid");
    }

    private static Map<String, Object> yaml(Path file) {
        return new Yaml().load(Repository.read(file));
    }
}
