package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ./run-local.sh's options: what the stack listens on. */
class StackOptionsTest {

    @Test
    void S5_the_stack_listens_on_loopback_unless_asked_to_open() {
        assertThat(StackOptions.parse(new String[] {}).bindAddress()).isEqualTo("127.0.0.1");
        assertThat(StackOptions.parse(new String[] {"--bind-all"}).bindAddress()).isEqualTo("0.0.0.0");
        assertThat(StackOptions.parse(new String[] {"--bind=10.1.2.3"}).bindAddress()).isEqualTo("10.1.2.3");
        assertThat(StackOptions.parse(new String[] {"--bind=10.1.2.3"}).connectHost()).isEqualTo("10.1.2.3");
        assertThat(StackOptions.parse(new String[] {"--bind-all"}).connectHost()).isEqualTo("localhost");
        assertThat(StackOptions.parse(new String[] {"--instances=2"}).withInstances(3).bindAddress()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--bind-all", "--bind=10.1.2.3"})).hasMessageContaining("exclude");
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--bind=a b"})).hasMessageContaining("--bind");
        assertThat(StackOptions.USAGE).contains("--bind=ADDR", "--bind-all", "127.0.0.1");
    }

    @Test
    void S5_actuator_listens_on_each_port_plus_100() {
        StackOptions options = StackOptions.parse(new String[] {"--instances=2", "--tier-port=18081"});
        assertThat(options.managementPort(StackOptions.GATEWAY)).isEqualTo(8180);
        assertThat(options.instancesOf(StackOptions.TIER)).extracting(StackOptions.Instance::managementPort).containsExactly(18181, 18191);
        assertThat(StackOptions.USAGE).contains("8180", "8181");
    }

    @Test
    void the_local_stacks_database_is_durable_by_default() {
        assertThat(StackOptions.parse(new String[0]).fastDb()).isFalse();
    }

    @Test
    void fast_db_asks_for_the_fast_not_durable_database() {
        assertThat(StackOptions.parse(new String[] {"--fast-db"}).fastDb()).isTrue();
        assertThat(StackOptions.parse(new String[] {"--fast-db", "--instances=2"}).withInstances(1).fastDb()).isTrue();
    }
}
