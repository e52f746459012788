package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackOptionsTest {

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
