package dev.prm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;

import org.junit.jupiter.api.Test;

import dev.prm.simulator.SimulatedEvent.Scenario;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulateOptionsTest {

    @Test
    void defaults_are_the_readmes_year_of_200_partners_on_the_local_broker() {
        SimulateOptions options = SimulateOptions.parse(new String[0]);

        assertThat(options.settings()).isEqualTo(SimulationSettings.defaults(42, 200, 12));
        assertThat(options.settings().start()).isEqualTo(YearMonth.of(2022, 1));
        assertThat(options.settings().eventsPerMonth()).isEqualTo(1_000);
        assertThat(options.bootstrap()).isEqualTo("localhost:9092");
        assertThat(options.awaitServices()).isTrue();
        assertThat(options.dryRun()).isFalse();
        assertThat(options.show()).isNull();
    }

    @Test
    void every_setting_has_its_flag() {
        SimulateOptions options = SimulateOptions.parse(new String[] {"--seed=7", "--partners=50", "--months=3", "--start=2023-07",
                "--events-per-month=400", "--em-share=0.5", "--provider-share=0.3", "--over-cap-share=0.1",
                "--redelivery-share=0", "--bad-share=0.02", "--mid-month-ticks", "--conflicts-per-month=2", "--rate=500",
                "--await-services=false", "--bootstrap=localhost:29092", "--show=http://localhost:28080/"});

        assertThat(options.settings())
                .isEqualTo(new SimulationSettings(7, 50, 3, YearMonth.of(2023, 7), 400, 0.5, 0.3, 0.1, 0, 0.02, true, 2));
        assertThat(options.rate()).isEqualTo(500);
        assertThat(options.awaitServices()).isFalse();
        assertThat(options.bootstrap()).isEqualTo("localhost:29092");
        assertThat(options.show()).isEqualTo("http://localhost:28080");
    }

    @Test
    void load_goes_to_this_machine_only_and_mistakes_are_named() {
        assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--bootstrap=kafka.example.com:9092"}))
                .hasMessageContaining("localhost");
        assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--show=http://10.0.0.8:8080"})).hasMessageContaining("localhost");
        assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--partner=3"})).hasMessageContaining("--partner");
        assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--em-share=1.5"})).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--start=January"})).hasMessageContaining("2022-01");
        assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--dry-run", "--show=http://localhost:8080"}))
                .hasMessageContaining("--show");
        // a dry run publishes nothing, so it may name any broker
        assertThat(SimulateOptions.parse(new String[] {"--dry-run", "--bootstrap=kafka.example.com:9092"}).dryRun()).isTrue();
    }

    @Test
    void a_dry_run_line_carries_topic_key_and_the_event_itself() {
        JsonMapper json = JsonMapper.builder().build();
        SimulationSettings settings = SimulationSettings.defaults(3, 20, 1).withMalformedShare(0.3);
        boolean sawTextValue = false;
        for (SimulatedEvent event : new CrmHistory(settings)) {
            JsonNode line = json.readTree(Simulate.ndjson(event));

            assertThat(line.get("topic").asString()).isEqualTo(event.topic());
            assertThat(line.get("key").asString()).isEqualTo(event.key());
            if (line.get("value").isObject()) {
                assertThat(line.get("value")).isEqualTo(json.readTree(event.value()));
            } else {
                assertThat(event.scenario()).isEqualTo(Scenario.MALFORMED);
                assertThat(line.get("value").asString()).isEqualTo(event.json());
                sawTextValue = true;
            }
        }
        assertThat(sawTextValue).as("a malformed message that is not JSON at all").isTrue();
    }
}
