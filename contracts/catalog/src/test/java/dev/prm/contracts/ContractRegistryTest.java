package dev.prm.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.TierEvents;

/** Each producer owns its contract; a consumer knows the types of the contracts on its classpath and only those. */
class ContractRegistryTest {

    @Test
    @DisplayName("§2 §3 the registry holds every producer's types, each contract found on the classpath")
    void everyContractOnTheClasspathIsFound() {
        List<EventType> expected = new ArrayList<>(CrmEvents.ALL);
        expected.addAll(TierEvents.ALL);
        expected.addAll(RegistrationEvents.ALL);
        expected.addAll(CommissionEvents.ALL);

        assertThat(EventType.all()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(EventType.find(TierEvents.TOPIC, "TierChanged")).containsSame(TierEvents.TIER_CHANGED);
    }

    @Test
    @DisplayName("§2 §3 one type name on two topics is two types: a release requested by the CRM, a release decided by registration-service")
    void aTypeNameIsScopedByItsTopic() {
        assertThat(EventType.find(CrmTopics.DOMAIN_REGISTRATION, "DomainRegistrationReleased"))
                .containsSame(CrmEvents.DOMAIN_REGISTRATION_RELEASE_REQUESTED);
        assertThat(EventType.find(RegistrationEvents.TOPIC, "DomainRegistrationReleased"))
                .containsSame(RegistrationEvents.DOMAIN_REGISTRATION_RELEASED);
    }

    @Test
    @DisplayName("§4 a consumer without a producer's contract does not know its types")
    void aContractNotLoadedIsNotKnown() {
        ContractRegistry crmOnly = new ContractRegistry(List.of(new CrmEvents()));

        assertThat(crmOnly.find(CrmTopics.DEAL_CLOSED, "DealClosed")).containsSame(CrmEvents.DEAL_CLOSED);
        assertThat(crmOnly.find(TierEvents.TOPIC, "TierChanged")).isEmpty();
        assertThat(crmOnly.all()).containsExactlyElementsOf(CrmEvents.ALL);
    }

    @Test
    @DisplayName("two contracts may not declare one type on one topic")
    void aTypeDeclaredTwiceIsRefused() {
        Contract impostor = new Contract("impostor",
                List.of(EventType.published(TierEvents.TOPIC, dev.prm.contracts.tier.TierChanged.class))) {
        };

        assertThatThrownBy(() -> new ContractRegistry(List.of(new TierEvents(), impostor)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tier-events/TierChanged").hasMessageContaining("impostor");
    }

    @Test
    @DisplayName("§4 the codec reads a type by its producer's contract and refuses a type no contract declares on that topic")
    void theCodecReadsByTheContracts() {
        String tierChangedOnDealClosed = """
                {"specversion":"1.0","id":"e-1","source":"/tier-service","type":"TierChanged",
                 "time":"2022-04-01T00:00:00Z","data":{}}""";

        assertThatThrownBy(() -> new CloudEventCodec().readInbound(CrmTopics.DEAL_CLOSED, tierChangedOnDealClosed.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.UNKNOWN_TYPE));
    }
}
