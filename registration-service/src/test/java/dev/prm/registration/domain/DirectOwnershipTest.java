package dev.prm.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DirectOwnershipTest {

    private static final Instant AUG_1 = Instant.parse("2022-08-01T00:00:00Z");
    private static final Instant AUG_15 = Instant.parse("2022-08-15T00:00:00Z");
    private static final Instant SEP_1 = Instant.parse("2022-09-01T00:00:00Z");
    private static final Instant SEP_15 = Instant.parse("2022-09-15T00:00:00Z");

    @Test
    void B3_R8_a_reassignment_keeps_the_first_owner_until_it_whatever_order_they_were_taken_in() {
        DirectOwnership inOrder = new DirectOwnership();
        inOrder.assigned("sales-1", AUG_1, "a1");
        inOrder.assigned("sales-2", SEP_1, "a2");
        DirectOwnership reversed = new DirectOwnership();
        reversed.assigned("sales-2", SEP_1, "a2");
        reversed.assigned("sales-1", AUG_1, "a1");

        for (DirectOwnership ownership : new DirectOwnership[] {inOrder, reversed}) {
            assertThat(ownership.at(AUG_1.minusSeconds(1))).isEmpty();
            assertThat(ownership.at(AUG_15)).map(DirectOwnership.Period::ownerId).contains("sales-1");
            assertThat(ownership.at(SEP_15)).map(DirectOwnership.Period::ownerId).contains("sales-2");
            assertThat(ownership.current()).map(DirectOwnership.Period::ownerId).contains("sales-2");
        }
    }

    @Test
    void B3_R8_an_unassignment_ends_the_period_it_falls_in_and_one_at_a_period_start_undoes_it() {
        DirectOwnership ownership = new DirectOwnership();
        ownership.assigned("sales-1", AUG_1, "a1");
        ownership.assigned("sales-2", SEP_1, "a2");
        ownership.unassigned(AUG_15);
        assertThat(ownership.at(AUG_15)).isEmpty();
        assertThat(ownership.at(AUG_1)).isPresent();
        assertThat(ownership.nextStartAfter(AUG_15)).contains(SEP_1);

        ownership.unassigned(SEP_1);
        assertThat(ownership.at(SEP_15)).isEmpty();
        assertThat(ownership.current()).isEmpty();
    }
}
