package dev.prm.contracts;

import static dev.prm.contracts.InvalidEventException.Reason.INVALID_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.MISSING_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.NOT_CLOUDEVENT;
import static dev.prm.contracts.InvalidEventException.Reason.NOT_JSON;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_COUNTRY;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_CURRENCY;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_TYPE;
import static dev.prm.contracts.InvalidEventException.Reason.UNSUPPORTED_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.prm.contracts.InvalidEventException.Reason;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationCapRestored;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.TierEvents;

/**
 * SPEC §2 and §4 on the inbound topics: what the schema accepts the codec reads, and a malformed message is
 * refused by both, with the reason the dead letter will carry.
 */
class InboundContractTest {

    private static final String DEAL = Samples.valid(CrmEvents.DEAL_CLOSED);
    private static final String PARTNER = Samples.valid(CrmEvents.PARTNER_ENROLLED);
    private static final String ACCOUNT = Samples.valid(CrmEvents.ACCOUNT_MANAGED);
    private static final String REQUEST = Samples.valid(CrmEvents.DOMAIN_REGISTRATION_REQUESTED);
    private static final String ASSIGNED = Samples.valid(CrmEvents.DIRECT_OWNER_ASSIGNED);

    private final CloudEventCodec codec = new CloudEventCodec();

    static List<Samples.Inbound> validSamples() {
        return Samples.inbound();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSamples")
    @DisplayName("§2 a valid inbound event passes its schema and is read by the codec into its record")
    void validEventIsAccepted(Samples.Inbound sample) {
        assertThat(ContractSchemas.problems(sample.type(), sample.json())).isEmpty();

        CloudEventCodec.Inbound read = codec.readInbound(sample.type().topic(), bytes(sample.json()));

        assertThat(read.type()).isEqualTo(sample.type());
        assertThat(read.data()).isEqualTo(sample.expected());
        assertThat(read.envelope().id()).isEqualTo(ContractSchemas.JSON.readTree(sample.json()).path("id").asString());
        assertThat(read.envelope().time()).isEqualTo(Samples.TIME);
    }

    @Test
    @DisplayName("§2 every inbound event type has a valid sample")
    void everyInboundTypeHasASample() {
        assertThat(Samples.inbound().stream().map(Samples.Inbound::type).distinct())
                .containsExactlyInAnyOrderElementsOf(EventType.all().stream().filter(EventType::inbound).toList());
    }

    @Test
    @DisplayName("§2 time is the effective time of the fact and keeps its instant whatever the offset")
    void timeIsTheEffectiveInstant() {
        String event = Samples.with(DEAL, "/time", "2022-03-15T18:30:00+09:00");

        assertThat(ContractSchemas.problems(CrmEvents.DEAL_CLOSED, event)).isEmpty();
        assertThat(codec.readInbound(CrmTopics.DEAL_CLOSED, bytes(event)).envelope().time()).isEqualTo(Samples.TIME);
    }

    static Stream<Arguments> malformed() {
        String tierChanged = new String(new CloudEventCodec().write("tier-1", "/tier-service", TierEvents.TIER_CHANGED,
                Samples.TIME, "P-1", Samples.outbound().getFirst().data()), StandardCharsets.UTF_8);
        return Stream.of(
                argumentSet("§4 not JSON", CrmTopics.DEAL_CLOSED, "{\"specversion\": \"1.0\", \"id\": ", NOT_JSON),
                argumentSet("§4 not CloudEvents: a JSON array", CrmTopics.DEAL_CLOSED, "[" + DEAL + "]", NOT_CLOUDEVENT),
                argumentSet("§4 not CloudEvents: specversion missing", CrmTopics.DEAL_CLOSED, Samples.without(DEAL, "/specversion"), NOT_CLOUDEVENT),
                argumentSet("§4 not CloudEvents: specversion 0.3", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/specversion", "0.3"), NOT_CLOUDEVENT),
                argumentSet("§4 not CloudEvents: id missing", CrmTopics.DEAL_CLOSED, Samples.without(DEAL, "/id"), NOT_CLOUDEVENT),
                argumentSet("§4 not CloudEvents: source blank", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/source", " "), NOT_CLOUDEVENT),
                argumentSet("§4 not CloudEvents: subject blank", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/subject", " "), NOT_CLOUDEVENT),
                argumentSet("§4 not CloudEvents: datacontenttype is not JSON", CrmTopics.DEAL_CLOSED,
                        Samples.with(DEAL, "/datacontenttype", "application/xml"), NOT_CLOUDEVENT),
                argumentSet("§4 unknown type on the topic", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/type", "DealReopened"), UNKNOWN_TYPE),
                argumentSet("§4 unknown type on the topic: a type of another inbound topic", CrmTopics.PARTNERS, DEAL, UNKNOWN_TYPE),
                argumentSet("§4 unknown type on the topic: an outbound type sent on an inbound topic", CrmTopics.PARTNERS, tierChanged, UNKNOWN_TYPE),
                argumentSet("§4 unsupported dataschema", CrmTopics.DEAL_CLOSED,
                        Samples.with(DEAL, "/dataschema", "urn:prm:schema:deal-closed:DealClosed:v2"), UNSUPPORTED_SCHEMA),
                argumentSet("§4 invalid time: not a timestamp", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/time", "15/03/2022 09:30"), INVALID_FIELD),
                argumentSet("§4 invalid time: no offset", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/time", "2022-03-15T09:30:00"), INVALID_FIELD),
                argumentSet("§4 missing field: data", CrmTopics.DEAL_CLOSED, Samples.without(DEAL, "/data"), MISSING_FIELD),
                argumentSet("§4 missing field: data.partnerId", CrmTopics.DEAL_CLOSED, Samples.without(DEAL, "/data/partnerId"), MISSING_FIELD),
                argumentSet("§4 missing field: data.partnerId is null", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/partnerId", null), MISSING_FIELD),
                argumentSet("§4 missing field: data.customer", CrmTopics.DEAL_CLOSED, Samples.without(DEAL, "/data/customer"), MISSING_FIELD),
                argumentSet("§4 missing field: data.mrr.currency", CrmTopics.DEAL_CLOSED, Samples.without(DEAL, "/data/mrr/currency"), MISSING_FIELD),
                argumentSet("§4 missing field: PartnerEnrolled name", CrmTopics.PARTNERS, Samples.without(PARTNER, "/data/name"), MISSING_FIELD),
                argumentSet("§4 invalid field: data is not an object", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data", "D-1"), INVALID_FIELD),
                argumentSet("§4 invalid field: blank partnerId", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/partnerId", "  "), INVALID_FIELD),
                argumentSet("§4 invalid field: partnerId is a number", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/partnerId", 42), INVALID_FIELD),
                argumentSet("§4 invalid field: unknown partner kind", CrmTopics.PARTNERS, Samples.with(PARTNER, "/data/kind", "RESELLER"), INVALID_FIELD),
                argumentSet("§4 invalid field: unknown tier", CrmTopics.PARTNERS, Samples.with(PARTNER, "/data/tier", "BRONZE"), INVALID_FIELD),
                argumentSet("§4 negative amount", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/amount", "-1234.50"), INVALID_FIELD),
                argumentSet("§4 negative amount of a managed account", CrmTopics.ACCOUNT_MANAGED,
                        Samples.with(ACCOUNT, "/data/mrr/amount", "-250.00"), INVALID_FIELD),
                argumentSet("§4 non-numeric amount", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/amount", "twelve"), INVALID_FIELD),
                argumentSet("§4 amount in exponent notation", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/amount", "1E+3"), INVALID_FIELD),
                argumentSet("§4 amount without integer digits", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/amount", ".5"), INVALID_FIELD),
                argumentSet("§4 non-numeric amount: decimal comma", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/amount", "1234,50"), INVALID_FIELD),
                argumentSet("§4 amount as a JSON number instead of a string", CrmTopics.DEAL_CLOSED,
                        Samples.with(DEAL, "/data/mrr/amount", 1234.50), INVALID_FIELD),
                argumentSet("§4 unknown currency: not three capitals", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/currency", "jpy"), UNKNOWN_CURRENCY),
                argumentSet("§4 unknown country: not two capitals", CrmTopics.DEAL_CLOSED,
                        Samples.with(DEAL, "/data/customer/country", "JPN"), UNKNOWN_COUNTRY),
                argumentSet("§4 unknown country of a partner: not two capitals", CrmTopics.PARTNERS,
                        Samples.with(PARTNER, "/data/country", "jp"), UNKNOWN_COUNTRY),
                argumentSet("§4 too long: event id of 257 characters", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/id", chars(257)), INVALID_FIELD),
                argumentSet("§4 too long: source of 257 characters", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/source", "/" + chars(256)), INVALID_FIELD),
                argumentSet("§4 too long: subject of 257 characters", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/subject", chars(257)), INVALID_FIELD),
                argumentSet("§4 too long: partnerId of 257 characters", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/partnerId", chars(257)), INVALID_FIELD),
                argumentSet("§4 too long: dealId of 257 characters", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/dealId", chars(257)), INVALID_FIELD),
                argumentSet("§4 too long: accountId of 257 characters", CrmTopics.ACCOUNT_MANAGED, Samples.with(ACCOUNT, "/data/accountId", chars(257)), INVALID_FIELD),
                argumentSet("§4 too long: partner name of 257 characters", CrmTopics.PARTNERS, Samples.with(PARTNER, "/data/name", chars(257)), INVALID_FIELD),
                argumentSet("§4 too long: ownerId of 257 characters", CrmTopics.DOMAIN_REGISTRATION, Samples.with(ASSIGNED, "/data/ownerId", chars(257)), INVALID_FIELD),
                argumentSet("§4 too long: domain of 254 characters", CrmTopics.DOMAIN_REGISTRATION, Samples.with(REQUEST, "/data/domain", domain(254)), INVALID_FIELD),
                argumentSet("§4 too long: a 1.2 MB domain (unpublishable: over the producer's 1 MiB)", CrmTopics.DOMAIN_REGISTRATION,
                        Samples.with(REQUEST, "/data/domain", domain(1_200_000)), INVALID_FIELD),
                argumentSet("§4 too long: direct owner's domain of 254 characters", CrmTopics.DOMAIN_REGISTRATION,
                        Samples.with(ASSIGNED, "/data/domain", domain(254)), INVALID_FIELD),
                argumentSet("§4 too long: customer domain of 254 characters", CrmTopics.DEAL_CLOSED,
                        Samples.with(DEAL, "/data/customer/domain", domain(254)), INVALID_FIELD));
    }

    @Test
    @DisplayName("§4 fields at their limit are accepted: ids and names of 256 characters, a domain of 253")
    void fieldsAtTheLimitAreAccepted() {
        String request = Samples.with(Samples.with(REQUEST, "/data/partnerId", chars(256)), "/data/domain", domain(253));
        String deal = Samples.with(Samples.with(Samples.with(DEAL, "/id", chars(256)), "/data/dealId", chars(256)),
                "/data/customer/domain", domain(253));
        String partner = Samples.with(PARTNER, "/data/name", "名".repeat(256));

        assertThat(ContractSchemas.problems(CrmEvents.DOMAIN_REGISTRATION_REQUESTED, request)).isEmpty();
        assertThat(ContractSchemas.problems(CrmEvents.DEAL_CLOSED, deal)).isEmpty();
        assertThat(ContractSchemas.problems(CrmEvents.PARTNER_ENROLLED, partner)).isEmpty();
        assertThat(codec.readInbound(CrmTopics.DOMAIN_REGISTRATION, bytes(request)).data())
                .isEqualTo(new dev.prm.contracts.crm.DomainRegistrationRequested(chars(256), domain(253)));
        assertThat(codec.readInbound(CrmTopics.DEAL_CLOSED, bytes(deal)).envelope().id()).hasSize(256);
        assertThat(codec.readInbound(CrmTopics.PARTNERS, bytes(partner)).data()).extracting("name").isEqualTo("名".repeat(256));
    }

    @Test
    @DisplayName("§4 a published event with a field over its limit is rejected by its consumers")
    void publishedEventWithAFieldTooLongIsRejected() {
        String restored = new String(codec.write("reg-1", "/registration-service", RegistrationEvents.REGISTRATION_CAP_RESTORED, Samples.TIME,
                "P-1", new RegistrationCapRestored("P-1", 15, 15, Samples.TIME)), StandardCharsets.UTF_8);

        InvalidEventException rejected = rejection(RegistrationEvents.TOPIC, Samples.with(restored, "/data/partnerId", chars(257)));

        assertThat(rejected.reason()).isEqualTo(INVALID_FIELD);
        assertThat(rejected.getMessage()).contains("data.partnerId").contains("256");
    }

    /** {@code n} characters of an id. */
    private static String chars(int n) {
        return "p".repeat(n);
    }

    /** A syntactically plausible domain of exactly {@code n} characters. */
    private static String domain(int n) {
        return "a".repeat(n - 4) + ".com";
    }

    @ParameterizedTest
    @MethodSource("malformed")
    @DisplayName("§4 a malformed inbound message is rejected by the schemas of its topic and by the codec")
    void malformedIsRejectedByBoth(String topic, String event, Reason reason) {
        assertThat(EventType.onTopic(topic)).allSatisfy(type -> assertThat(ContractSchemas.accepts(type, event))
                .as("schema of %s accepts %s", type, event).isFalse());
        assertThat(rejection(topic, event).reason()).isEqualTo(reason);
    }

    static Stream<Arguments> notIsoCodes() {
        return Stream.of(
                argumentSet("§4 unknown currency XXY", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/currency", "XXY"), UNKNOWN_CURRENCY),
                argumentSet("§4 unknown currency XXY of a managed account", CrmTopics.ACCOUNT_MANAGED,
                        Samples.with(ACCOUNT, "/data/mrr/currency", "XXY"), UNKNOWN_CURRENCY),
                argumentSet("§4 unknown customer country ZZ", CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/customer/country", "ZZ"), UNKNOWN_COUNTRY),
                argumentSet("§4 unknown partner country ZZ", CrmTopics.PARTNERS, Samples.with(PARTNER, "/data/country", "ZZ"), UNKNOWN_COUNTRY));
    }

    // The schema only knows the shape of a code (^[A-Z]{3}$, ^[A-Z]{2}$); the codec knows the ISO lists.
    @ParameterizedTest
    @MethodSource("notIsoCodes")
    @DisplayName("§4 a well-formed code that is not an ISO code is rejected by the codec")
    void unknownIsoCodeIsRejectedByTheCodec(String topic, String event, Reason reason) {
        assertThat(rejection(topic, event).reason()).isEqualTo(reason);
    }

    @Test
    @DisplayName("§4 the schema is what the codec enforces: its first problem gives the reason and the field")
    void theSchemaDecidesWhatIsRejected() {
        for (String event : List.of(Samples.with(DEAL, "/data/partnerId", chars(257)), Samples.with(DEAL, "/data/partnerId", "  "),
                Samples.with(DEAL, "/data/mrr/currency", "jpy"), Samples.without(DEAL, "/data/customer"))) {
            var problems = EventSchemas.problems(CrmEvents.DEAL_CLOSED, ContractSchemas.JSON.readTree(event));
            assertThat(problems).hasSize(1);
            InvalidEventException expected = EventSchemas.refusal(problems.getFirst());

            InvalidEventException rejected = rejection(CrmTopics.DEAL_CLOSED, event);

            assertThat(rejected.reason()).isEqualTo(expected.reason());
            assertThat(rejected.getMessage()).isEqualTo(expected.getMessage());
        }
        assertThat(rejection(CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/partnerId", chars(257))).getMessage())
                .isEqualTo("data.partnerId: must be at most 256 characters long");
        assertThat(rejection(CrmTopics.DEAL_CLOSED, Samples.without(DEAL, "/data/customer")).getMessage())
                .isEqualTo("data.customer: is required");
        assertThat(rejection(CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/amount", "1".repeat(300) + "x")).getMessage())
                .as("over its limit and off its pattern: the limit is named, the value not echoed")
                .isEqualTo("data.mrr.amount: must be at most 256 characters long");
    }

    @Test
    @DisplayName("§4 the rejection names the field, so the dead letter explains itself")
    void rejectionNamesTheField() {
        InvalidEventException rejected = rejection(CrmTopics.DEAL_CLOSED, Samples.with(DEAL, "/data/mrr/currency", "XXY"));

        assertThat(rejected.getMessage()).contains("data.mrr.currency").contains("XXY");
    }

    @Test
    @DisplayName("§3 a published event is read back by the services that consume its topic")
    void publishedEventIsReadBackOnItsTopic() {
        RegistrationCapRestored published = new RegistrationCapRestored("P-1", 15, 15, Samples.TIME);
        byte[] restored = codec.write("reg-1", "/registration-service", RegistrationEvents.REGISTRATION_CAP_RESTORED, Samples.TIME, "P-1",
                published);

        assertThat(codec.readInbound(RegistrationEvents.TOPIC, restored).data()).isEqualTo(published);
    }

    @Test
    @DisplayName("§4 a published event with a field missing is rejected by its consumers")
    void publishedEventMissingAFieldIsRejected() {
        String restored = new String(codec.write("reg-1", "/registration-service", RegistrationEvents.REGISTRATION_CAP_RESTORED, Samples.TIME,
                "P-1", new RegistrationCapRestored("P-1", 15, 15, Samples.TIME)), StandardCharsets.UTF_8);

        assertThat(rejection(RegistrationEvents.TOPIC, Samples.without(restored, "/data/partnerId")).reason()).isEqualTo(MISSING_FIELD);
    }

    private InvalidEventException rejection(String topic, String event) {
        InvalidEventException rejected = catchThrowableOfType(InvalidEventException.class,
                () -> codec.readInbound(topic, bytes(event)));
        assertThat(rejected).as("the codec accepted %s", event).isNotNull();
        return rejected;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
