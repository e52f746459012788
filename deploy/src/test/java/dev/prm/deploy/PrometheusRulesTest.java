package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules and the compose scrape configuration as Prometheus reads them: the real {@code promtool}
 * (Debian's prometheus package) checks the rules, runs their unit tests (prm-alerts.test.yml) and checks the
 * scrape configuration. Every alert must have a test in which it fires and one in which it stays quiet.
 */
class PrometheusRulesTest {

    static final ExternalTool PROMTOOL = new ExternalTool("promtool",
            "apt-get install -y prometheus (Debian's package ships promtool; CI: .ci/run installs it)");

    private static final Path PROMETHEUS = Repository.ROOT.resolve("deploy/prometheus");
    private static final Path RULES = PROMETHEUS.resolve("rules/prm-alerts.yml");
    private static final Path RULE_TESTS = PROMETHEUS.resolve("rules/prm-alerts.test.yml");
    private static final Path COMPOSE_CONFIG = PROMETHEUS.resolve("prometheus-compose.yml");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    @Test
    void promtoolAcceptsEveryRule() {
        ExternalTool.Result result = promtool(List.of("check", "rules", RULES.toString()));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout() + result.stderr()).as(result.describe()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void theRuleUnitTestsPass() {
        ExternalTool.Result result = promtool(List.of("test", "rules", RULE_TESTS.toString()));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout() + result.stderr()).as(result.describe()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        Map<String, Object> tests = yaml(RULE_TESTS);
        assertThat(strings(tests.get("rule_files"))).containsExactly(RULES.getFileName().toString());
        Set<String> fired = new LinkedHashSet<>();
        Set<String> quiet = new LinkedHashSet<>();
        for (Map<String, Object> test : maps(tests.get("tests"))) {
            for (Map<String, Object> check : maps(test.get("alert_rule_test"))) {
                String alert = (String) check.get("alertname");
                (maps(check.get("exp_alerts")).isEmpty() ? quiet : fired).add(alert);
            }
        }
        Set<String> alerts = Set.copyOf(alerts().stream().map(rule -> (String) rule.get("alert")).toList());
        assertThat(fired).as("alerts with a test where they fire").containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(quiet).as("alerts with a test where they stay quiet").containsExactlyInAnyOrderElementsOf(alerts);
    }

    @Test
    void everyAlertWaitsSaysHowBadAndWhatToDo() {
        for (Map<String, Object> rule : alerts()) {
            String alert = (String) rule.get("alert");
            assertThat(alert).as("alert name").startsWith("Prm");
            assertThat((String) rule.get("for")).as("for: of %s", alert).matches("[1-9][0-9]*[smh]");
            Map<String, Object> labels = map(rule.get("labels"));
            assertThat(labels.get("severity")).as("severity of %s", alert).isIn("warning", "critical");
            Map<String, Object> annotations = map(rule.get("annotations"));
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertThat((String) annotations.get(annotation)).as("%s of %s", annotation, alert).isNotBlank();
            }
        }
    }

    /** The file as docker-compose.yml mounts it: the rule file it names is the one checked above. */
    @Test
    void promtoolAcceptsTheComposeScrapeConfigWithItsRules() throws IOException {
        ExternalTool.Result syntax = promtool(List.of("check", "config", "--syntax-only", COMPOSE_CONFIG.toString()));
        assertThat(syntax.exitCode()).as(syntax.describe()).isZero();

        // the container paths of docker-compose.yml's mounts, mapped back onto the repository
        String mountedRules = "/etc/prometheus/rules/";
        Map<String, Object> config = yaml(COMPOSE_CONFIG);
        assertThat(strings(config.get("rule_files"))).containsExactly(mountedRules + RULES.getFileName());
        String local = Files.readString(COMPOSE_CONFIG).replace(mountedRules, RULES.getParent() + "/");
        Path copy = Files.writeString(workDir.resolve("prometheus.yml"), local);
        ExternalTool.Result full = promtool(List.of("check", "config", copy.toString()));
        assertThat(full.exitCode()).as(full.describe()).isZero();
        assertThat(full.stdout() + full.stderr()).contains("SUCCESS: " + alerts().size() + " rules found");

        String compose = Repository.read(Repository.ROOT.resolve("docker-compose.yml"));
        assertThat(compose).as("docker-compose.yml mounts the rules where the config looks for them")
                .contains("./deploy/prometheus/rules:/etc/prometheus/rules");
    }

    @Test
    void theComposeConfigScrapesEveryModuleOnItsOwnPort() {
        Map<String, Object> config = yaml(COMPOSE_CONFIG);
        List<Map<String, Object>> jobs = maps(config.get("scrape_configs"));
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = jobs.getFirst();
        assertThat(job.get("job_name")).as("the job the PrmServiceDown alert watches").isEqualTo("prm");
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<String> targets = new ArrayList<>();
        maps(job.get("static_configs")).forEach(group -> targets.addAll(strings(group.get("targets"))));
        List<String> expected = Repository.MODULES.stream().map(module -> module + ":" + Repository.module(module).managementPort()).toList();
        assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Repository.read(RULES)).contains("up{job=\"prm\"}");
    }

    static List<Map<String, Object>> alerts() {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : maps(yaml(RULES).get("groups"))) {
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                assertThat(rule).as("only alerting rules here").containsKey("alert");
                alerts.add(rule);
            }
        }
        assertThat(alerts).isNotEmpty();
        return alerts;
    }

    private ExternalTool.Result promtool(List<String> arguments) {
        return PROMTOOL.run(arguments, Map.of(), List.of(), Repository.ROOT, TIMEOUT);
    }

    static Map<String, Object> yaml(Path file) {
        return new Yaml().load(Repository.read(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
