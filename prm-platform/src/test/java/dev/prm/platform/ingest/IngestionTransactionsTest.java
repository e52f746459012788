package dev.prm.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class IngestionTransactionsTest {

    @Test
    void B1_each_tick_of_a_backlog_is_a_transaction_of_its_own_between_the_facts_around_it() {
        List<String> batch = List.of("f1", "f2", "TICK-1", "TICK-2", "f3", "TICK-3");

        assertThat(IngestionPipeline.transactions(batch, event -> event.startsWith("TICK")))
                .containsExactly(List.of("f1", "f2"), List.of("TICK-1"), List.of("TICK-2"), List.of("f3"), List.of("TICK-3"));
    }

    @Test
    void facts_go_in_transactions_of_at_most_one_hundred_and_none_is_left_out() {
        List<String> batch = new ArrayList<>(IntStream.range(0, 250).mapToObj(i -> "f" + i).toList());
        batch.add(120, "TICK");

        List<List<String>> transactions = IngestionPipeline.transactions(batch, event -> event.equals("TICK"));

        assertThat(transactions).extracting(List::size).containsExactly(100, 20, 1, 100, 30);
        assertThat(transactions.stream().flatMap(List::stream).toList()).isEqualTo(batch);
    }
}
