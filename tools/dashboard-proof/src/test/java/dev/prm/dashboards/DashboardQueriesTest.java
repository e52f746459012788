package dev.prm.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.prm.local.StackOptions;

/** What bin/prove-dashboards reads and sends: every panel query, Grafana's variables expanded, its own ports. */
class DashboardQueriesTest {

    @TempDir
    Path dir;

    @Test
    void rows_are_skipped_nested_panels_are_read_and_a_panel_without_a_query_is_kept_as_an_empty_one() throws IOException {
        Files.writeString(dir.resolve("board.json"), """
                {"templating":{"list":[{"name":"service","type":"query","definition":"label_values(up, service)","allValue":".*"}]},
                 "panels":[
                   {"id":1,"type":"row","title":"Row","panels":[
                     {"id":2,"type":"timeseries","title":"Nested","targets":[{"refId":"A","expr":"sum(rate(x{service=~\\"$service\\"}[$__rate_interval]))"}]}]},
                   {"id":3,"type":"stat","title":"Two","targets":[{"refId":"A","expr":"a"},{"refId":"B","expr":"b"}]},
                   {"id":4,"type":"timeseries","title":"Nothing"}]}""");
        Files.writeString(dir.resolve("notes.txt"), "not a dashboard");

        DashboardQueries queries = DashboardQueries.read(dir);

        assertThat(queries.queries()).extracting(q -> q.panel() + " " + q.refId())
                .containsExactly("Nested A", "Two A", "Two B", "Nothing -");
        assertThat(queries.queries().getLast().expr()).isEmpty();
        assertThat(queries.variables()).containsExactly(new DashboardQueries.Variable("board", "service", "label_values(up, service)", ".*"));
        assertThat(DashboardQueries.expand(queries.queries().getFirst().expr(), ".*", "90s", "10m"))
                .isEqualTo("sum(rate(x{service=~\".*\"}[90s]))");
    }

    @Test
    void the_repository_dashboards_have_queries_and_a_service_variable_on_each() {
        Path dashboards = Path.of(System.getProperty("prm.repository.root", "../..")).resolve("deploy/grafana/dashboards");
        DashboardQueries queries = DashboardQueries.read(dashboards);

        assertThat(queries.queries()).isNotEmpty().allSatisfy(query -> assertThat(query.expr()).isNotBlank());
        assertThat(queries.variables()).extracting(DashboardQueries.Variable::name).containsOnly("service").hasSize(2);
        for (DashboardQueries.Query query : queries.queries()) {
            assertThat(DashboardQueries.expand(query.expr(), ".*", "60s", "1h")).as(query.panel()).doesNotContain("$");
        }
    }

    @Test
    void the_proof_uses_ports_of_its_own_below_the_ephemeral_range_and_refuses_unknown_options() {
        ProveOptions options = ProveOptions.parse(new String[] {});
        List<Integer> ports = List.of(options.kafkaPort(), options.kafkaControllerPort(), options.postgresPort(), options.gatewayPort(),
                options.tierPort(), options.registrationPort(), options.commissionPort(), options.prometheusPort());
        assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isBetween(1024, 32767))
                .doesNotContain(9092, 15432, 8080, 8081, 8082, 8083, 9090);
        assertThat(List.of(options.stackArguments())).contains("--clock=event", "--fresh", "--kafka-port=" + options.kafkaPort());
        assertThat(options.scrapeInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(PrometheusProcess.config(options.targets(), options.scrapeInterval(), Path.of("/rules/prm-alerts.yml")))
                .contains("job_name: prm", "metrics_path: /actuator/prometheus", "- /rules/prm-alerts.yml",
                        "'localhost:" + (options.gatewayPort() + StackOptions.MANAGEMENT_PORT_OFFSET) + "'", "scrape_interval: 2000ms")
                .as("actuator is scraped on its own port, not the public one").doesNotContain("'localhost:" + options.gatewayPort() + "'");

        assertThatThrownBy(() -> ProveOptions.parse(new String[] {"--feed=carrier-pigeon"})).hasMessageContaining("--feed");
        assertThatThrownBy(() -> ProveOptions.parse(new String[] {"--kafka=1"})).hasMessageContaining("unknown option --kafka");
    }
}
