package dev.prm.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaProducerException;

/** SPEC §4: a dead letter's headers are bounded; what can never be dead-lettered is told apart from what can later. */
class DeadLetterPublisherTest {

    @Test
    void S4_a_short_reason_is_kept_whole() {
        String detail = "data.mrr.amount: 'abc' is not a plain decimal number like 1234.50";
        assertThat(DeadLetterPublisher.bounded(detail)).isEqualTo(detail.getBytes(StandardCharsets.UTF_8));
        String exactly = "é".repeat(DeadLetterPublisher.MAX_HEADER_BYTES / 2);
        assertThat(DeadLetterPublisher.bounded(exactly)).hasSize(DeadLetterPublisher.MAX_HEADER_BYTES);
    }

    @Test
    void S4_a_long_reason_keeps_its_start_and_end_within_the_bound_cut_between_characters() {
        // 2- and 4-byte characters, so a cut at a fixed byte count would fall inside one
        String echoed = "data.mrr.amount: '" + "é𝄞".repeat(200_000) + "' is not a plain decimal number like 1234.50";

        byte[] bounded = DeadLetterPublisher.bounded(echoed);

        assertThat(bounded.length).isLessThanOrEqualTo(DeadLetterPublisher.MAX_HEADER_BYTES).isGreaterThan(400);
        String text = new String(bounded, StandardCharsets.UTF_8);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).as("valid UTF-8: no character was cut").isEqualTo(bounded);
        assertThat(text).startsWith("data.mrr.amount: 'é𝄞").endsWith("' is not a plain decimal number like 1234.50")
                .doesNotContain("\uFFFD");
        int cut = echoed.getBytes(StandardCharsets.UTF_8).length - bounded.length + ("…[" + "] bytes cut]…").length();
        assertThat(text).containsPattern("…\\[\\d+ bytes cut]…");
        assertThat(Integer.parseInt(text.replaceAll("(?s).*…\\[(\\d+) bytes cut]….*", "$1")))
                .as("the marker tells how much is missing").isBetween(cut - 20, cut + 20);
    }

    @Test
    void S4_a_dead_letter_too_large_is_refused_for_good_a_broker_away_or_an_acl_is_not() {
        var record = new ProducerRecord<String, byte[]>("deal-closed.DLT", new byte[0]);
        assertThat(DeadLetterPublisher.refusedForGood(new KafkaProducerException(record, "Failed to send",
                new RecordTooLargeException("The message is 2000763 bytes")))).isTrue();
        assertThat(DeadLetterPublisher.refusedForGood(new RecordTooLargeException("too large"))).isTrue();

        assertThat(DeadLetterPublisher.refusedForGood(new KafkaProducerException(record, "Failed to send",
                new TimeoutException("Expiring 1 record(s)")))).isFalse();
        assertThat(DeadLetterPublisher.refusedForGood(new NetworkException("disconnected"))).isFalse();
        assertThat(DeadLetterPublisher.refusedForGood(new TopicAuthorizationException("deal-closed.DLT"))).isFalse();
        assertThat(DeadLetterPublisher.refusedForGood(new java.util.concurrent.TimeoutException())).isFalse();
        assertThat(DeadLetterPublisher.refusedForGood(new IllegalStateException("producer closed"))).isFalse();
    }
}
