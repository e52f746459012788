package dev.prm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.prm.contracts.registration.DomainRegistered;
import dev.prm.contracts.registration.DomainRegistrationExpired;
import dev.prm.contracts.registration.RegistrationCapExceeded;
import dev.prm.contracts.registration.RegistrationEvents;
import tools.jackson.databind.JsonNode;

/** SPEC §3: what the services publish, written by the codec from the contract's records, matches the published schemas. */
class OutboundContractTest {

    private final CloudEventCodec codec = new CloudEventCodec();

    static List<Samples.Outbound> outboundSamples() {
        return Samples.outbound();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outboundSamples")
    @DisplayName("§3 an outbound event written by the codec from its record passes its schema")
    void writtenEventPassesItsSchema(Samples.Outbound sample) {
        String event = write(sample.type(), sample.data(), Instant.parse("2022-04-01T00:00:00Z"));

        assertThat(ContractSchemas.problems(sample.type(), event)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outboundSamples")
    @DisplayName("§3 §4 a service reading the topic takes the event in as valid (one it has no handler for is ignored, not dead-lettered)")
    void readersOfTheTopicTakeItIn(Samples.Outbound sample) {
        String event = write(sample.type(), sample.data(), Instant.parse("2022-04-01T00:00:00Z"));

        CloudEventCodec.Inbound read = codec.readInbound(sample.type().topic(), event.getBytes(StandardCharsets.UTF_8));
        assertThat(read.type()).isEqualTo(sample.type());
        assertThat(read.data()).isEqualTo(sample.data());
    }

    @Test
    @DisplayName("§3 every outbound event type has a sample")
    void everyOutboundTypeHasASample() {
        assertThat(Samples.outbound().stream().map(Samples.Outbound::type).distinct())
                .containsExactlyInAnyOrderElementsOf(EventType.all().stream().filter(type -> !type.inbound()).toList());
    }

    @Test
    @DisplayName("§3 instants are written as ISO-8601 strings, with the fraction of a second when there is one")
    void instantsAreWrittenAsIsoStrings() {
        Instant expiredAt = Instant.parse("2022-09-15T09:30:00.123456789Z");
        String event = write(RegistrationEvents.DOMAIN_REGISTRATION_EXPIRED, new DomainRegistrationExpired("P-1", "acme.co.jp", expiredAt), expiredAt);
        JsonNode root = ContractSchemas.JSON.readTree(event);

        assertThat(root.path("time").isString()).isTrue();
        assertThat(root.path("time").asString()).isEqualTo("2022-09-15T09:30:00.123456789Z");
        assertThat(root.path("data").path("expiredAt").isString()).isTrue();
        assertThat(root.path("data").path("expiredAt").asString()).isEqualTo("2022-09-15T09:30:00.123456789Z");
        assertThat(ContractSchemas.problems(RegistrationEvents.DOMAIN_REGISTRATION_EXPIRED, event)).isEmpty();
    }

    @Test
    @DisplayName("§3 counts are written as JSON integers and flags as JSON booleans")
    void countsAndFlagsKeepTheirJsonTypes() {
        JsonNode exceeded = ContractSchemas.JSON.readTree(write(RegistrationEvents.REGISTRATION_CAP_EXCEEDED,
                new RegistrationCapExceeded("P-1", 15, 18, Samples.TIME, Instant.parse("2022-05-14T09:30:00Z")), Samples.TIME)).path("data");
        JsonNode registered = ContractSchemas.JSON.readTree(write(RegistrationEvents.DOMAIN_REGISTERED,
                new DomainRegistered("P-1", "acme.co.jp", Samples.TIME, Instant.parse("2022-09-15T09:30:00Z"), true), Samples.TIME)).path("data");

        assertThat(exceeded.path("cap").isInt()).isTrue();
        assertThat(exceeded.path("active").intValue()).isEqualTo(18);
        assertThat(registered.path("coSell").isBoolean()).isTrue();
    }

    @Test
    @DisplayName("§3 a record with a missing value breaks the outbound contract")
    void nullFieldBreaksTheSchema() {
        String event = write(RegistrationEvents.DOMAIN_REGISTERED, new DomainRegistered("P-1", "acme.co.jp", Samples.TIME, null, false), Samples.TIME);

        assertThat(ContractSchemas.problems(RegistrationEvents.DOMAIN_REGISTERED, event)).isNotEmpty();
    }

    private String write(EventType type, Object data, Instant time) {
        byte[] bytes = codec.write("evt-" + type.typeName(), "/" + type.topic().replace("-events", "-service"), type, time, "P-1", data);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
