package dev.prm.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.CloudEventCodec;

/** The probes are facts the services accept (SPEC §2), and the simulator's history is sized for the run. */
class ProbeEventsTest {

    private final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void probeEventsAreValidCloudEvents() {
        Instant time = Instant.parse("2026-11-23T19:55:01Z");
        byte[] deal = CloudEvents.event("probe-x-e1", "DealClosed", time, "probe-x-t0",
                CloudEvents.dealClosed("probe-x-d1", "probe-x-t0", "probe1.example.com", "US", "100.00", "USD"));
        byte[] registration = CloudEvents.event("probe-x-e2", "DomainRegistrationRequested", time, "probe-x-r1",
                CloudEvents.registration("probe-x-r1", "p1-x.probe.example.com"));

        CloudEventCodec.Inbound dealRead = codec.readInbound("deal-closed", deal);
        assertThat(dealRead.type().typeName()).isEqualTo("DealClosed");
        assertThat(dealRead.envelope().time()).isEqualTo(time);
        assertThat(codec.readInbound("domain-registration", registration).type().typeName()).isEqualTo("DomainRegistrationRequested");
    }

    @Test
    void theHistoryHoldsTheBacklogAndTheFixedRatePhases() {
        assertThat(SimulatorSource.months(5_000, 1_000_000 + SimulatorSource.HEADROOM)).isEqualTo(65);
        assertThat(SimulatorSource.months(200, 1_000)).isEqualTo(12);
    }

    @Test
    void theSourceHandsOutEnrolmentsItHasPublished() {
        SimulatorSource source = new SimulatorSource(5, 20, 1_000);
        assertThat(source.enrolledPartners(5)).isEmpty();
        String first = source.firstPartner();

        for (int i = 0; i < 2_000; i++) {
            source.next();
        }

        assertThat(source.enrolledPartners(5)).hasSize(5).startsWith(first);
        assertThat(source.enrolledPartners(100)).hasSizeLessThanOrEqualTo(20);
    }
}
