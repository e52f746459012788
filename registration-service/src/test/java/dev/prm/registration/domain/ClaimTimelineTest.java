package dev.prm.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.prm.registration.domain.ClaimTimeline.Claim;
import dev.prm.registration.domain.ClaimTimeline.Refusal;

class ClaimTimelineTest {

    private static final Instant AUG_9 = Instant.parse("2022-08-09T00:00:00Z");
    private static final Instant AUG_17 = Instant.parse("2022-08-17T00:00:00Z");
    private static final Instant SEP_1 = Instant.parse("2022-09-01T00:00:00Z");

    @Test
    void B3_revision_a_grant_from_an_earlier_instant_preempts_the_registrations_made_during_its_validity_only() {
        ClaimTimeline timeline = new ClaimTimeline();
        Claim pb = new Claim("P-B", AUG_17, Validity.validUntil(AUG_17), "r-b");
        Claim pc = new Claim("P-C", Validity.validUntil(AUG_17), Validity.validUntil(Validity.validUntil(AUG_17)), "r-c");
        timeline.claimed(pc);
        timeline.claimed(pb);

        assertThat(timeline.activeAt(AUG_9)).isEmpty();
        assertThat(timeline.preemptedByGrant(AUG_9, Validity.validUntil(AUG_9))).containsExactly(pb);
        assertThat(timeline.preemptedByGrant(AUG_17, Validity.validUntil(AUG_17))).as("not itself, at its own instant").isEmpty();
    }

    @Test
    void B3_revision_a_direct_owner_from_an_earlier_instant_preempts_later_registrations_unless_one_is_active_then() {
        ClaimTimeline timeline = new ClaimTimeline();
        Claim pb = new Claim("P-B", AUG_17, Validity.validUntil(AUG_17), "r-b");
        timeline.claimed(pb);
        assertThat(timeline.preemptedByDirectOwner(AUG_9)).containsExactly(pb);
        assertThat(timeline.preemptedByDirectOwner(SEP_1)).as("P-B holds it then: a case, the domain stays").isEmpty();
    }

    @Test
    void B3_revision_a_late_release_leaves_a_refusal_unexplained_and_a_revocation_too() {
        ClaimTimeline timeline = new ClaimTimeline();
        timeline.claimed(new Claim("P-B", AUG_9, Validity.validUntil(AUG_9), "r-b"));
        timeline.refused(new Refusal("P-C", SEP_1, "r-c"));
        assertThat(timeline.firstUnexplainedRefusal()).isEmpty();

        timeline.released("P-B", AUG_17);
        assertThat(timeline.activeAt(SEP_1)).isEmpty();
        assertThat(timeline.firstUnexplainedRefusal()).contains(new Refusal("P-C", SEP_1, "r-c"));
        timeline.redecided("r-c");
        assertThat(timeline.firstUnexplainedRefusal()).isEmpty();

        timeline.claimed(new Claim("P-D", AUG_17, Validity.validUntil(AUG_17), "r-d"));
        timeline.refused(new Refusal("P-E", SEP_1, "r-e"));
        assertThat(timeline.firstUnexplainedRefusal()).isEmpty();
        timeline.revoked("P-D", AUG_17);
        assertThat(timeline.firstUnexplainedRefusal()).contains(new Refusal("P-E", SEP_1, "r-e"));
    }

    @Test
    void a_release_ends_the_registration_active_then_and_an_earlier_one_stays_as_it_was() {
        ClaimTimeline timeline = new ClaimTimeline();
        Instant firstEnd = Validity.validUntil(AUG_9);
        timeline.claimed(new Claim("P-B", AUG_9, firstEnd, "r-1"));
        Instant second = firstEnd.plusSeconds(86_400);
        timeline.claimed(new Claim("P-B", second, Validity.validUntil(second), "r-2"));
        timeline.released("P-B", second.plusSeconds(60));
        assertThat(timeline.activeAt(AUG_17)).map(Claim::requestId).contains("r-1");
        assertThat(timeline.activeAt(second.plusSeconds(60))).isEmpty();
    }
}
