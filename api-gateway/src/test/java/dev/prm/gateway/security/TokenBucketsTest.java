package dev.prm.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    @Test
    void S5_the_buckets_kept_are_bounded_whatever_the_number_of_keys() {
        TokenBuckets buckets = new TokenBuckets(1, 2, 1000);
        for (int i = 0; i < 100_000; i++) {
            buckets.take("principal-" + i);
        }
        assertThat(buckets.tracked()).isEqualTo(1000);
    }

    @Test
    void a_key_in_use_keeps_its_bucket_while_new_keys_arrive() {
        TokenBuckets buckets = new TokenBuckets(0.001, 2, 10);
        assertThat(buckets.take("busy")).isZero();
        assertThat(buckets.take("busy")).isZero();
        for (int i = 0; i < 100; i++) {
            buckets.take("new-" + i);
            buckets.take("busy");
        }
        assertThat(buckets.take("busy")).as("still limited: its bucket was not dropped").isPositive();
    }

    @Test
    void a_burst_is_taken_at_once_then_tokens_come_back_at_the_sustained_rate() throws InterruptedException {
        TokenBuckets buckets = new TokenBuckets(100, 3, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("caller")).isZero();
        }
        long wait = buckets.take("caller");
        assertThat(wait).as("one token every 10 ms").isPositive().isLessThanOrEqualTo(10_000_000);
        assertThat(buckets.take("other")).as("each key has its own bucket").isZero();

        Thread.sleep(25);
        assertThat(buckets.take("caller")).isZero();
        assertThat(buckets.take("caller")).isZero();
        assertThat(buckets.take("caller")).as("two tokens came back in 25 ms, not the whole burst").isPositive();
    }
}
