package dev.prm.commission.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.prm.commission.domain.CommissionCalculator;
import dev.prm.commission.domain.CommissionDefaults;
import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

/**
 * A partner kept in memory between commands settles only the deals whose facts changed since its last settlement
 * (and every deal at a new month end or kind); one loaded from its stream for each command settles every deal. B1:
 * the same facts must store the same events either way.
 */
class PartnerCommissionsSettlementTest {

    private static final String PARTNER = "P1";
    private static final Instant START = Instant.parse("2022-01-03T00:00:00Z");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void B1_settling_only_the_changed_deals_stores_what_settling_every_deal_stores(long seed) {
        List<Object> commands = history(new Random(seed));

        List<Object> kept = storedEvents(commands, true);
        List<Object> reloaded = storedEvents(commands, false);

        assertThat(kept).isEqualTo(reloaded);
        assertThat(kept).anyMatch(CommissionsSettled.class::isInstance); // the history books something
    }

    /** Deals closed, amended (in two currencies), churned, a kind change, and business time over month ends. */
    private static List<Object> history(Random random) {
        List<Object> commands = new ArrayList<>();
        Instant now = START;
        for (int i = 0; i < 120; i++) {
            now = now.plus(Duration.ofDays(random.nextInt(9)));
            String deal = "D" + random.nextInt(6);
            // facts up to two months late or a month early (kept until business time reaches them)
            Instant at = now.minus(Duration.ofDays(random.nextInt(90))).plus(Duration.ofDays(random.nextInt(30)));
            Money mrr = new Money(String.valueOf(100 + random.nextInt(900)), random.nextInt(4) == 0 ? "EUR" : "USD");
            commands.add(switch (random.nextInt(10)) {
                case 0, 1, 2 -> new RecordDealClosed(PARTNER, deal, mrr, at, now);
                case 3, 4 -> new RecordDealAmended(PARTNER, deal, mrr, at, now);
                case 5 -> new RecordDealChurned(PARTNER, deal, at, now);
                case 6 -> new RecordEnrolment(PARTNER, random.nextBoolean() ? PartnerKind.PROVIDER : PartnerKind.SOLUTIONS_PARTNER,
                        at, now);
                default -> new SettleCommissions(PARTNER, now);
            });
        }
        return commands;
    }

    private static List<Object> storedEvents(List<Object> commands, boolean keptInMemory) {
        AggregateConfigurer<PartnerCommissions> aggregate = AggregateConfigurer.defaultConfiguration(PartnerCommissions.class);
        if (keptInMemory) {
            aggregate.configureCache(c -> new WeakReferenceCache());
        }
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> Jackson3Serializer.builder().build())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(aggregate)
                .registerComponent(CommissionCalculator.class, c -> new CommissionCalculator(CommissionDefaults.commissionPolicy()))
                .buildConfiguration();
        axon.start();
        try {
            commands.forEach(command -> axon.commandGateway().sendAndWait(command));
            return axon.eventStore().readEvents(PARTNER).asStream().<Object>map(event -> event.getPayload()).toList();
        } finally {
            axon.shutdown();
        }
    }
}
