package dev.prm.registration.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.registration.command.Decisions.AlreadyHeld;
import dev.prm.registration.command.Decisions.ExtensionDecision;
import dev.prm.registration.command.Decisions.Extended;
import dev.prm.registration.command.Decisions.Granted;
import dev.prm.registration.command.Decisions.Refused;
import dev.prm.registration.command.Decisions.RegistrationDecision;
import dev.prm.registration.command.Decisions.ResolutionDecision;
import dev.prm.registration.command.Decisions.ResolutionRefused;
import dev.prm.registration.command.Decisions.Resolved;
import dev.prm.registration.command.DomainClaimEvents.ConflictOpened;
import dev.prm.registration.command.DomainClaimEvents.DomainClaimRevoked;
import dev.prm.registration.command.DomainClaimEvents.ConflictOrigin;
import dev.prm.registration.command.DomainClaimEvents.DirectOwnerLeftDomain;
import dev.prm.registration.command.DomainClaimEvents.DirectOwnerTookDomain;
import dev.prm.registration.command.PartnerEvents.CapDeadlinePassed;
import dev.prm.registration.command.PartnerEvents.CapExceeded;
import dev.prm.registration.command.PartnerEvents.CapRestored;
import dev.prm.registration.command.PartnerEvents.CapTableAdopted;
import dev.prm.registration.command.PartnerEvents.RegistrationExpired;
import dev.prm.registration.command.PartnerEvents.RegistrationReleased;
import dev.prm.registration.command.PartnerEvents.RegistrationRevoked;
import dev.prm.registration.command.RegistrationCommands.AdvanceRegistrationClock;
import dev.prm.registration.command.RegistrationCommands.AssignDirectOwner;
import dev.prm.registration.command.RegistrationCommands.RecordEnrolment;
import dev.prm.registration.command.RegistrationCommands.RecordTierChange;
import dev.prm.registration.command.RegistrationCommands.ReleaseRegistration;
import dev.prm.registration.command.RegistrationCommands.RequestExtension;
import dev.prm.registration.command.RegistrationCommands.RequestRegistration;
import dev.prm.registration.command.RegistrationCommands.ResolveConflict;
import dev.prm.registration.command.RegistrationCommands.UnassignDirectOwner;
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.RegistrationDefaults;
import dev.prm.registration.domain.RejectionReason;

/** The command handling of R3–R8 on both streams, with Axon's in-memory event store. */
class RegistrationCommandHandlerTest {

    private static final String P1 = "P1";
    private static final String P2 = "P2";
    private static final Instant JAN_10_2022 = Instant.parse("2022-01-10T09:00:00Z");
    private static final Instant IN_2023 = Instant.parse("2023-03-01T00:00:00Z");

    /** No transaction reads ahead here: every aggregate is loaded through the repository. */
    private static final AggregateVersionCheck NO_STORED_VERSIONS = new AggregateVersionCheck(id -> -1, entry -> -1);

    private Configuration axon;
    private CommandGateway commands;

    @BeforeEach
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> Jackson3Serializer.builder().build())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(PartnerRegistrations.class)
                .configureAggregate(DomainClaim.class)
                .registerCommandHandler(c -> new RegistrationCommandHandler(c.repository(PartnerRegistrations.class),
                        c.repository(DomainClaim.class), RegistrationDefaults.rules(), NO_STORED_VERSIONS))
                .buildConfiguration();
        axon.start();
        commands = axon.commandGateway();
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    @Test
    void P1_R3_a_partner_not_known_yet_is_a_solutions_partner_and_gets_ten_registrations_from_2022() {
        for (int i = 0; i < 10; i++) {
            assertThat(register(P1, "d" + i + ".example", IN_2023)).isInstanceOf(Granted.class);
        }
        assertThat(register(P1, "d10.example", IN_2023)).isEqualTo(new Refused(RejectionReason.CAP_REACHED));
    }

    @Test
    void R3_the_same_partner_asking_again_gets_its_registration_and_another_partner_is_refused() {
        Granted granted = (Granted) register(P1, "https://www.Acme.com/", IN_2023);
        assertThat(register(P1, "acme.com", IN_2023.plusSeconds(60))).isEqualTo(new AlreadyHeld(granted.registration()));
        assertThat(register(P2, "acme.com", IN_2023.plusSeconds(60))).isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));
        assertThat(register(P2, "acme", IN_2023.plusSeconds(60))).isEqualTo(new Refused(RejectionReason.INVALID_DOMAIN));
        assertThat(payloads(P1)).filteredOn(PartnerEvents.RegistrationGranted.class::isInstance).hasSize(1);
    }

    @Test
    void R5_a_release_frees_the_slot_and_the_domain_at_once_and_registering_again_is_a_new_registration() {
        register(P1, "acme.com", IN_2023);
        commands.sendAndWait(new ReleaseRegistration(P1, "acme.com", IN_2023.plusSeconds(10)));
        Granted again = (Granted) register(P2, "acme.com", IN_2023.plusSeconds(10));
        assertThat(again.registration().registeredAt()).isEqualTo(IN_2023.plusSeconds(10));
        assertThat(payloads(P1)).contains(new RegistrationReleased(P1, "acme.com", IN_2023.plusSeconds(10)));
    }

    @Test
    void R5_a_registration_expires_exactly_at_its_end_across_a_leap_day() {
        register(P1, "leap.example", Instant.parse("2023-08-31T10:00:00Z"));
        commands.sendAndWait(new AdvanceRegistrationClock(P1, Instant.parse("2024-02-29T09:59:59Z")));
        assertThat(payloads(P1)).noneMatch(RegistrationExpired.class::isInstance);

        commands.sendAndWait(new AdvanceRegistrationClock(P1, Instant.parse("2024-03-15T00:00:00Z")));
        assertThat(payloads(P1)).contains(new RegistrationExpired(P1, "leap.example", Instant.parse("2024-02-29T10:00:00Z")));
        assertThat(register(P2, "leap.example", Instant.parse("2024-02-29T10:00:00Z"))).isInstanceOf(Granted.class);
    }

    @Test
    void R3_B1_a_request_dated_before_an_expiry_the_stream_already_took_in_returns_the_registration_it_then_had() {
        Granted granted = (Granted) register(P1, "late.example", IN_2023);
        commands.sendAndWait(new AdvanceRegistrationClock(P1, IN_2023.plusSeconds(400L * 24 * 3600)));
        assertThat(payloads(P1)).filteredOn(RegistrationExpired.class::isInstance).hasSize(1);

        assertThat(register(P1, "late.example", IN_2023.plusSeconds(3600))).isEqualTo(new AlreadyHeld(granted.registration()));
        assertThat(register(P1, "late.example", IN_2023.plusSeconds(400L * 24 * 3600))).isInstanceOf(Granted.class);
        assertThat(payloads(P1)).filteredOn(PartnerEvents.RegistrationGranted.class::isInstance).hasSize(2);
    }

    @Test
    void R4_an_extension_across_month_ends_then_expiry_at_the_extended_end() {
        register(P1, "may.example", Instant.parse("2023-05-31T00:00:00Z"));
        ExtensionDecision extended = commands.sendAndWait(new RequestExtension(P1, "may.example", Instant.parse("2023-11-29T23:59:59Z")));
        assertThat(((Extended) extended).registration().validUntil()).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat((Object) commands.sendAndWait(new RequestExtension(P1, "may.example", Instant.parse("2023-12-01T00:00:00Z"))))
                .isEqualTo(new Decisions.ExtensionRefused(RejectionReason.ALREADY_EXTENDED));
        assertThat(register(P2, "may.example", Instant.parse("2024-02-28T23:59:59Z")))
                .as("the extended registration still holds it").isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));
        commands.sendAndWait(new AdvanceRegistrationClock(P1, Instant.parse("2024-02-29T00:00:00Z")));
        assertThat(payloads(P1)).contains(new RegistrationExpired(P1, "may.example", Instant.parse("2024-02-29T00:00:00Z")));
        assertThat((Object) commands.sendAndWait(new RequestExtension(P1, "may.example", Instant.parse("2024-03-01T00:00:00Z"))))
                .isEqualTo(new Decisions.ExtensionRefused(RejectionReason.NOT_ACTIVE));
    }

    @Test
    void R6_R7_the_seeds_case_decided_alike_when_business_time_jumps_past_the_cut_and_the_deadline_at_once() {
        commands.sendAndWait(new RecordTierChange(P1, Tier.GOLD, Instant.parse("2021-07-01T00:00:00Z")));
        for (int i = 0; i < 40; i++) {
            assertThat(register(P1, "c" + i + ".example", JAN_10_2022.plusSeconds(i))).isInstanceOf(Granted.class);
        }
        commands.sendAndWait(new AdvanceRegistrationClock(P1, Instant.parse("2022-04-02T00:00:00Z")));
        Instant cut = Instant.parse("2022-02-01T00:00:00Z");
        Instant deadline = Instant.parse("2022-04-01T00:00:00Z");
        assertThat(payloads(P1).subList(41, payloads(P1).size())).containsExactly(
                new CapTableAdopted(P1, "caps-2022-02-01", cut),
                new CapExceeded(P1, 15, 40, cut, deadline),
                new CapDeadlinePassed(P1, 15, 40, deadline));

        assertThat(register(P1, "new.example", Instant.parse("2022-04-05T00:00:00Z"))).isEqualTo(new Refused(RejectionReason.CAP_REACHED));
        Instant april10 = Instant.parse("2022-04-10T00:00:00Z");
        for (int i = 0; i < 25; i++) {
            commands.sendAndWait(new ReleaseRegistration(P1, "c" + i + ".example", april10));
        }
        assertThat(payloads(P1)).filteredOn(CapRestored.class::isInstance).containsExactly(new CapRestored(P1, 15, 15, april10));
        assertThat(register(P1, "new.example", april10)).as("at the cap, still no free slot").isEqualTo(new Refused(RejectionReason.CAP_REACHED));
    }

    @Test
    void R6_a_tier_drop_puts_the_partner_over_cap_for_sixty_days_and_an_expiry_restores_it_before_the_deadline() {
        commands.sendAndWait(new RecordTierChange(P1, Tier.PLATINUM, Instant.parse("2023-01-01T00:00:00Z")));
        for (int i = 0; i < 16; i++) {
            register(P1, "c" + i + ".example", Instant.parse("2023-02-01T00:00:00Z"));
        }
        register(P1, "late.example", Instant.parse("2023-03-01T00:00:00Z"));
        Instant drop = Instant.parse("2023-07-15T00:00:00Z");
        commands.sendAndWait(new RecordTierChange(P1, Tier.GOLD, drop));
        assertThat(payloads(P1)).contains(new CapExceeded(P1, 15, 17, drop, Instant.parse("2023-09-13T00:00:00Z")));

        commands.sendAndWait(new AdvanceRegistrationClock(P1, Instant.parse("2023-09-14T00:00:00Z")));
        assertThat(payloads(P1)).contains(new CapRestored(P1, 15, 1, Instant.parse("2023-08-01T00:00:00Z")))
                .noneMatch(CapDeadlinePassed.class::isInstance);
    }

    @Test
    void R2_P1_a_provider_has_the_provider_cap_whatever_its_tier_from_its_enrolment_on() {
        commands.sendAndWait(new RecordEnrolment(P1, PartnerKind.PROVIDER, Tier.ELITE, IN_2023));
        for (int i = 0; i < 5; i++) {
            assertThat(register(P1, "p" + i + ".example", IN_2023)).isInstanceOf(Granted.class);
        }
        assertThat(register(P1, "p5.example", IN_2023)).isEqualTo(new Refused(RejectionReason.CAP_REACHED));
    }

    @Test
    void R8_a_request_for_a_direct_sales_domain_opens_one_case_and_a_partner_grant_waits_for_a_free_slot() {
        commands.sendAndWait(new AssignDirectOwner("direct.example", "sales-1", IN_2023, "assign-1"));
        commands.sendAndWait(new RecordEnrolment(P1, PartnerKind.PROVIDER, null, IN_2023));
        Refused refused = (Refused) register(P1, "direct.example", IN_2023);
        assertThat(refused.reason()).isEqualTo(RejectionReason.CHANNEL_CONFLICT);
        assertThat(register(P1, "direct.example", IN_2023.plusSeconds(1))).as("asking again points to the same case").isEqualTo(refused);
        String conflictId = refused.conflictId().orElseThrow();
        assertThat(payloads("domain:direct.example")).filteredOn(ConflictOpened.class::isInstance)
                .containsExactly(new ConflictOpened(conflictId, "direct.example", P1, "sales-1", ConflictOrigin.REQUEST, IN_2023));

        for (int i = 0; i < 5; i++) {
            register(P1, "p" + i + ".example", IN_2023);
        }
        assertThat(resolve(conflictId, ConflictResolution.PARTNER, IN_2023.plusSeconds(60)))
                .isEqualTo(new ResolutionRefused(RejectionReason.CAP_REACHED));
        commands.sendAndWait(new ReleaseRegistration(P1, "p0.example", IN_2023.plusSeconds(120)));
        Resolved resolved = (Resolved) resolve(conflictId, ConflictResolution.PARTNER, IN_2023.plusSeconds(180));
        assertThat(resolved.registration().orElseThrow().coSell()).isFalse();
        assertThat(payloads("domain:direct.example")).contains(new DirectOwnerLeftDomain("direct.example", IN_2023.plusSeconds(180)));
        assertThat(resolve(conflictId, ConflictResolution.DIRECT, IN_2023.plusSeconds(240))).isInstanceOf(Decisions.NotOpen.class);
    }

    @Test
    void R8_a_direct_owner_assigned_to_a_partner_held_domain_opens_a_case_and_direct_releases_the_registration() {
        register(P1, "held.example", IN_2023);
        commands.sendAndWait(new AssignDirectOwner("held.example", "sales-2", IN_2023.plusSeconds(10), "assign-2"));
        assertThat(payloads("domain:held.example")).noneMatch(DirectOwnerTookDomain.class::isInstance);
        String conflictId = RegistrationCommandHandler.conflictIdFor("assign-2");
        assertThat(payloads("domain:held.example")).contains(
                new ConflictOpened(conflictId, "held.example", P1, "sales-2", ConflictOrigin.ASSIGNMENT, IN_2023.plusSeconds(10)));

        assertThat(resolve(conflictId, ConflictResolution.DIRECT, IN_2023.plusSeconds(20))).isEqualTo(new Resolved(java.util.Optional.empty()));
        assertThat(payloads(P1)).contains(new RegistrationReleased(P1, "held.example", IN_2023.plusSeconds(20)));
        assertThat(((Refused) register(P2, "held.example", IN_2023.plusSeconds(30))).reason()).isEqualTo(RejectionReason.CHANNEL_CONFLICT);
    }

    @Test
    void R8_co_sell_keeps_the_partner_registration_marked_co_sell_beside_the_direct_owner() {
        register(P1, "shared.example", IN_2023);
        commands.sendAndWait(new AssignDirectOwner("shared.example", "sales-3", IN_2023.plusSeconds(10), "assign-3"));
        Resolved resolved = (Resolved) resolve(RegistrationCommandHandler.conflictIdFor("assign-3"), ConflictResolution.CO_SELL,
                IN_2023.plusSeconds(20));
        assertThat(resolved.registration().orElseThrow().coSell()).isTrue();
        assertThat(payloads("domain:shared.example")).contains(new DirectOwnerTookDomain("shared.example", "sales-3", IN_2023.plusSeconds(20), null));
        assertThat(register(P1, "shared.example", IN_2023.plusSeconds(30))).isInstanceOf(AlreadyHeld.class);
    }

    /** The order of a request (keyed by partner) and an assignment (keyed by domain) across partitions does not matter. */
    @Test
    void R8_B1_a_request_taken_in_after_a_later_assignment_is_decided_as_if_in_time_order() {
        register(P1, "in-order.example", IN_2023);
        commands.sendAndWait(new AssignDirectOwner("in-order.example", "sales-4", IN_2023.plusSeconds(3600), "assign-4"));

        commands.sendAndWait(new AssignDirectOwner("late.example", "sales-5", IN_2023.plusSeconds(3600), "assign-5"));
        assertThat(register(P1, "late.example", IN_2023)).isInstanceOf(Granted.class);

        assertThat(payloads("domain:late.example")).contains(new DirectOwnerLeftDomain("late.example", IN_2023.plusSeconds(3600)),
                new ConflictOpened(RegistrationCommandHandler.conflictIdFor("assign-5"), "late.example", P1, "sales-5",
                        ConflictOrigin.ASSIGNMENT, IN_2023.plusSeconds(3600)));
        assertThat(payloads("domain:in-order.example")).contains(new ConflictOpened(RegistrationCommandHandler.conflictIdFor("assign-4"),
                "in-order.example", P1, "sales-4", ConflictOrigin.ASSIGNMENT, IN_2023.plusSeconds(3600)));
        for (String domain : List.of("in-order.example", "late.example")) {
            assertThat(register(P2, domain, IN_2023.plusSeconds(7200))).as(domain).isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));
            assertThat(register(P1, domain, IN_2023.plusSeconds(7200))).as(domain).isInstanceOf(AlreadyHeld.class);
        }
        assertThat(register(P2, "late.example", IN_2023.plusSeconds(365L * 24 * 3600)))
                .as("the direct owner left the domain: free once the registration ends").isInstanceOf(Granted.class);
    }

    /** SPEC B3's example: P-B's request dated Aug 17 was granted; P-A's for the same domain dated Aug 9 arrives later. */
    @Test
    void B3_revision_a_late_earlier_request_is_granted_from_its_date_and_the_later_holder_revoked() {
        Instant aug9 = Instant.parse("2022-08-09T10:00:00Z");
        Instant aug17 = Instant.parse("2022-08-17T10:00:00Z");
        for (int i = 0; i < 9; i++) {
            register(P2, "b" + i + ".example", aug17.minusSeconds(60));
        }
        assertThat(register(P2, "contested.example", aug17)).isInstanceOf(Granted.class);
        assertThat(register(P2, "eleventh.example", aug17.plusSeconds(60))).isEqualTo(new Refused(RejectionReason.CAP_REACHED));

        Granted late = (Granted) register(P1, "contested.example", aug9);

        assertThat(late.registration().registeredAt()).isEqualTo(aug9);
        assertThat(payloads(P2)).contains(new RegistrationRevoked(P2, "contested.example", RejectionReason.ALREADY_REGISTERED, aug17, aug17));
        assertThat(payloads("domain:contested.example")).contains(
                new DomainClaimRevoked("contested.example", P2, aug17, RejectionReason.ALREADY_REGISTERED));
        Instant sep1 = Instant.parse("2022-09-01T00:00:00Z");
        assertThat(register(P2, "contested.example", sep1)).isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));
        assertThat(register(P1, "contested.example", sep1)).isEqualTo(new AlreadyHeld(late.registration()));
        assertThat(payloads(P2)).as("the slot the revoked registration took lets the request it refused through, from its date")
                .filteredOn(PartnerEvents.RegistrationGranted.class::isInstance).extracting("domain", "at")
                .contains(org.assertj.core.groups.Tuple.tuple("eleventh.example", aug17.plusSeconds(60)));
        assertThat(register(P2, "twelfth.example", sep1)).isEqualTo(new Refused(RejectionReason.CAP_REACHED));
    }

    /** B3 forward: a late grant takes a slot that a later grant had taken; time order would have refused that one. */
    @Test
    void B3_revision_a_late_grant_revokes_the_later_grant_it_leaves_no_slot_for_and_a_late_release_gives_it_back() {
        Instant aug1 = Instant.parse("2022-08-01T00:00:00Z");
        Instant aug9 = Instant.parse("2022-08-09T00:00:00Z");
        Instant aug15 = Instant.parse("2022-08-15T00:00:00Z");
        Instant aug20 = Instant.parse("2022-08-20T00:00:00Z");
        for (int i = 0; i < 9; i++) {
            register(P1, "a" + i + ".example", aug1);
        }
        register(P2, "wanted.example", aug1);
        assertThat(register(P1, "tenth.example", aug20)).isInstanceOf(Granted.class);
        commands.sendAndWait(new ReleaseRegistration(P2, "wanted.example", Instant.parse("2022-08-05T00:00:00Z")));
        assertThat(register(P1, "wanted.example", aug9)).as("dated before the tenth, decided at its date").isInstanceOf(Granted.class);

        assertThat(payloads(P1)).contains(new RegistrationRevoked(P1, "tenth.example", RejectionReason.CAP_REACHED, aug20, aug20));
        assertThat(register(P2, "tenth.example", aug20.plusSeconds(60))).as("the domain is free again").isInstanceOf(Granted.class);

        commands.sendAndWait(new ReleaseRegistration(P1, "a0.example", aug15));
        assertThat(payloads(P1)).as("a slot is free from Aug 15: P1's request of Aug 20 is granted again, before P2's")
                .filteredOn(e -> e instanceof PartnerEvents.RegistrationGranted g && g.domain().equals("tenth.example"))
                .extracting("at").containsExactly(aug20, aug20);
        assertThat(payloads(P2)).contains(new RegistrationRevoked(P2, "tenth.example", RejectionReason.ALREADY_REGISTERED,
                aug20.plusSeconds(60), aug20.plusSeconds(60)));
    }

    @Test
    void B3_revision_a_late_release_grants_the_request_it_would_have_let_through_and_no_other() {
        Instant aug1 = Instant.parse("2022-08-01T00:00:00Z");
        Instant sep1 = Instant.parse("2022-09-01T00:00:00Z");
        register(P1, "freed.example", aug1);
        assertThat(register(P2, "freed.example", sep1)).isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));
        assertThat(register("P3", "freed.example", sep1.plusSeconds(3600))).isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));

        commands.sendAndWait(new ReleaseRegistration(P1, "freed.example", Instant.parse("2022-08-20T00:00:00Z")));

        assertThat(payloads(P2)).filteredOn(PartnerEvents.RegistrationGranted.class::isInstance).extracting("at").containsExactly(sep1);
        assertThat(payloads("P3")).noneMatch(PartnerEvents.RegistrationGranted.class::isInstance);
        assertThat(register("P3", "freed.example", sep1.plusSeconds(7200))).isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));
    }

    @Test
    void B3_revision_a_late_release_before_a_refusal_leaves_it_refused_when_the_domain_was_taken_again_first() {
        Instant aug1 = Instant.parse("2022-08-01T00:00:00Z");
        register(P1, "busy.example", aug1);
        assertThat(register(P2, "busy.example", Instant.parse("2022-09-01T00:00:00Z"))).isEqualTo(new Refused(RejectionReason.ALREADY_REGISTERED));
        commands.sendAndWait(new ReleaseRegistration(P1, "busy.example", Instant.parse("2022-08-20T00:00:00Z")));
        assertThat(register("P3", "busy.example", Instant.parse("2022-08-25T00:00:00Z")))
                .as("late too: dated before P2's request, it is granted and P2's grant revoked").isInstanceOf(Granted.class);
        assertThat(payloads(P2)).contains(new RegistrationRevoked(P2, "busy.example", RejectionReason.ALREADY_REGISTERED,
                Instant.parse("2022-09-01T00:00:00Z"), Instant.parse("2022-09-01T00:00:00Z")));
    }

    /** R3 before R8 in time order: a request dated after an assignment is refused CHANNEL_CONFLICT and opens its case. */
    @Test
    void B3_revision_a_late_assignment_revokes_a_later_registration_with_channel_conflict_and_opens_its_case() {
        Instant aug9 = Instant.parse("2022-08-09T10:00:00Z");
        Instant aug17 = Instant.parse("2022-08-17T10:00:00Z");
        commands.sendAndWait(new RequestRegistration(P1, "first-in.example", aug17, "req-b"));
        java.util.Optional<String> conflict = commands.sendAndWait(new AssignDirectOwner("first-in.example", "sales-6", aug9, "assign-6"));

        assertThat(conflict).isEmpty();
        assertThat(payloads(P1)).contains(new RegistrationRevoked(P1, "first-in.example", RejectionReason.CHANNEL_CONFLICT, aug17, aug17));
        assertThat(payloads("domain:first-in.example")).contains(
                new DirectOwnerTookDomain("first-in.example", "sales-6", aug9, "assign-6"),
                new ConflictOpened(RegistrationCommandHandler.conflictIdFor("req-b"), "first-in.example", P1, "sales-6",
                        ConflictOrigin.REQUEST, aug17));
        assertThat(((Refused) register(P2, "first-in.example", aug17.plusSeconds(60))).reason()).isEqualTo(RejectionReason.CHANNEL_CONFLICT);
    }

    /** Finding 2 of issue 14: a reassignment to a second owner overwrote the first owner's start. */
    @Test
    void B3_R8_a_late_request_between_two_assignments_meets_the_first_owner_and_one_after_them_the_second() {
        Instant aug1 = Instant.parse("2022-08-01T00:00:00Z");
        Instant sep1 = Instant.parse("2022-09-01T00:00:00Z");
        commands.sendAndWait(new AssignDirectOwner("owned.example", "sales-2", sep1, "assign-2"));
        commands.sendAndWait(new AssignDirectOwner("owned.example", "sales-1", aug1, "assign-1"));

        Refused between = (Refused) commands.sendAndWait(new RequestRegistration(P1, "owned.example", Instant.parse("2022-08-15T00:00:00Z"), "req-1"));
        Refused after = (Refused) commands.sendAndWait(new RequestRegistration(P2, "owned.example", Instant.parse("2022-09-15T00:00:00Z"), "req-2"));

        assertThat(between.reason()).isEqualTo(RejectionReason.CHANNEL_CONFLICT);
        assertThat(after.reason()).isEqualTo(RejectionReason.CHANNEL_CONFLICT);
        assertThat(payloads("domain:owned.example")).filteredOn(ConflictOpened.class::isInstance)
                .extracting("partnerId", "directOwnerId").containsExactly(
                        org.assertj.core.groups.Tuple.tuple(P1, "sales-1"), org.assertj.core.groups.Tuple.tuple(P2, "sales-2"));
        assertThat(register(P1, "owned.example", Instant.parse("2022-07-15T00:00:00Z"))).as("before any owner").isInstanceOf(Granted.class);
    }

    /** B3: requests refused for a direct owner that a late unassignment shows had left: granted in time order, cases closed. */
    @Test
    void B3_revision_a_late_unassignment_grants_the_first_request_it_lets_through_and_closes_the_cases_it_explains_away() {
        Instant aug1 = Instant.parse("2022-08-01T00:00:00Z");
        Instant aug20 = Instant.parse("2022-08-20T00:00:00Z");
        Instant aug25 = Instant.parse("2022-08-25T00:00:00Z");
        commands.sendAndWait(new AssignDirectOwner("left.example", "sales-8", aug1, "assign-8"));
        Refused first = (Refused) commands.sendAndWait(new RequestRegistration(P1, "left.example", aug20, "req-p1"));
        Refused second = (Refused) commands.sendAndWait(new RequestRegistration(P2, "left.example", aug25, "req-p2"));
        assertThat(List.of(first.reason(), second.reason())).containsOnly(RejectionReason.CHANNEL_CONFLICT);

        commands.sendAndWait(new UnassignDirectOwner("left.example", Instant.parse("2022-08-10T00:00:00Z")));

        assertThat(payloads(P1)).filteredOn(PartnerEvents.RegistrationGranted.class::isInstance).extracting("at").containsExactly(aug20);
        assertThat(payloads(P2)).last().extracting("reason").isEqualTo(RejectionReason.ALREADY_REGISTERED);
        assertThat(payloads("domain:left.example")).filteredOn(DomainClaimEvents.ConflictResolved.class::isInstance)
                .extracting("conflictId", "resolution").containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(first.conflictId().orElseThrow(), ConflictResolution.PARTNER),
                        org.assertj.core.groups.Tuple.tuple(second.conflictId().orElseThrow(), ConflictResolution.PARTNER));
    }

    @Test
    void R8_an_assignment_dated_while_a_partner_holds_the_domain_opens_a_case_and_does_not_take_it() {
        Granted granted = (Granted) register(P1, "held-first.example", IN_2023);
        commands.sendAndWait(new AdvanceRegistrationClock(P1, IN_2023.plusSeconds(7200)));
        java.util.Optional<String> conflict = commands.sendAndWait(
                new AssignDirectOwner("held-first.example", "sales-7", IN_2023.plusSeconds(3600), "assign-7"));

        assertThat(conflict).contains(RegistrationCommandHandler.conflictIdFor("assign-7"));
        assertThat(payloads("domain:held-first.example")).noneMatch(DirectOwnerTookDomain.class::isInstance);
        assertThat(register(P1, "held-first.example", IN_2023.plusSeconds(7200))).isEqualTo(new AlreadyHeld(granted.registration()));
    }

    /**
     * B3: one history of requests and releases for a few domains, taken in once in time order and several times with
     * the partners' streams interleaved at random (each partner's own facts stay in order, SPEC §4): the registrations
     * in effect (granted and not revoked) are the same.
     */
    @Test
    void B3_revision_the_same_history_in_any_interleaving_of_partners_gives_the_same_registrations() {
        assertSameInAnyInterleaving(14, List.of("x.example", "y.example", "z.example"));
    }

    /** The same with more domains than the cap (10): grants, refusals for the cap and their revisions in any order. */
    @Test
    void B3_R3_revision_partners_at_their_cap_get_the_same_registrations_in_any_interleaving() {
        assertSameInAnyInterleaving(15, java.util.stream.IntStream.range(0, 30).mapToObj(i -> "d" + i + ".example").toList());
        assertThat(capRefusalsInTimeOrder).as("partners reached their cap").isGreaterThan(10);
    }

    private int capRefusalsInTimeOrder;

    private void assertSameInAnyInterleaving(long seed, List<String> domains) {
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < Integer.getInteger("prm.b3.rounds", 8); round++) {
            java.util.Map<String, List<Object>> byPartner = new java.util.TreeMap<>();
            List<Object> all = new java.util.ArrayList<>();
            Instant base = Instant.parse("2022-08-01T00:00:00Z");
            for (String partner : List.of("Q1", "Q2", "Q3", "Q4")) {
                List<Object> facts = new java.util.ArrayList<>();
                // partners' facts never share an instant: at one instant the first decided keeps the domain
                Instant t = base.plusSeconds(random.nextInt(20) * 86_400L + partner.charAt(1) * 1000L);
                List<String> asked = new java.util.ArrayList<>(domains);
                java.util.Collections.shuffle(asked, random);
                for (String domain : asked) {
                    if (random.nextInt(4) == 0) {
                        continue;
                    }
                    t = t.plusSeconds(random.nextInt(domains.size() > 3 ? 5 : 30) * 86_400L + 1);
                    facts.add(new RequestRegistration(partner, domain, t, partner + "|" + domain + "|" + round));
                    if (random.nextInt(3) == 0) {
                        t = t.plusSeconds(random.nextInt(30) * 86_400L + 1);
                        facts.add(new ReleaseRegistration(partner, domain, t));
                    }
                }
                byPartner.put(partner, facts);
                all.addAll(facts);
            }
            all.sort(java.util.Comparator.comparing(RegistrationCommandHandlerTest::instantOf));
            java.util.Set<String> inTimeOrder = takeIn(all);
            capRefusalsInTimeOrder += (int) List.of("Q1", "Q2", "Q3", "Q4").stream().flatMap(partner -> payloads(partner).stream())
                    .filter(e -> e instanceof PartnerEvents.RegistrationRejected r && r.reason() == RejectionReason.CAP_REACHED).count();
            for (int shuffle = 0; shuffle < 3; shuffle++) {
                List<Object> order = interleave(byPartner, random);
                java.util.Set<String> got = takeIn(order);
                assertThat(got).as("round %d, shuffle %d", round, shuffle).isEqualTo(inTimeOrder);
            }
        }
    }

    /** The registrations in effect after taking the facts in: granted and not revoked, with the release that ended each. */
    private java.util.Set<String> takeIn(List<Object> facts) {
        stop();
        start();
        facts.forEach(commands::sendAndWait);
        java.util.Map<String, String> inEffect = new java.util.TreeMap<>();
        List.of("Q1", "Q2", "Q3", "Q4").stream().flatMap(partner -> payloads(partner).stream()).forEach(event -> {
            if (event instanceof PartnerEvents.RegistrationGranted granted) {
                inEffect.put(granted.partnerId() + " " + granted.domain() + " " + granted.at(), "");
            } else if (event instanceof RegistrationRevoked revoked) {
                inEffect.remove(revoked.partnerId() + " " + revoked.domain() + " " + revoked.registeredAt());
            } else if (event instanceof RegistrationReleased released) {
                String prefix = released.partnerId() + " " + released.domain() + " ";
                inEffect.keySet().stream().filter(key -> key.startsWith(prefix)
                                && !Instant.parse(key.substring(prefix.length())).isAfter(released.at()))
                        .max(java.util.Comparator.comparing(key -> Instant.parse(key.substring(prefix.length()))))
                        .ifPresent(key -> inEffect.put(key, " released " + released.at()));
            }
        });
        java.util.Set<String> registrations = new java.util.TreeSet<>();
        inEffect.forEach((key, end) -> registrations.add(key + end));
        return registrations;
    }

    private static List<Object> interleave(java.util.Map<String, List<Object>> byPartner, java.util.Random random) {
        List<java.util.Deque<Object>> queues = new java.util.ArrayList<>(byPartner.values().stream()
                .map(java.util.ArrayDeque::new).map(java.util.Deque.class::cast).map(q -> (java.util.Deque<Object>) q).toList());
        List<Object> order = new java.util.ArrayList<>();
        while (queues.stream().anyMatch(q -> !q.isEmpty())) {
            List<java.util.Deque<Object>> left = queues.stream().filter(q -> !q.isEmpty()).toList();
            order.add(left.get(random.nextInt(left.size())).poll());
        }
        return order;
    }

    private static Instant instantOf(Object fact) {
        return switch (fact) {
            case RequestRegistration request -> request.at();
            case ReleaseRegistration release -> release.at();
            default -> throw new IllegalArgumentException(fact.toString());
        };
    }

    private RegistrationDecision register(String partner, String domain, Instant at) {
        return commands.sendAndWait(new RequestRegistration(partner, domain, at, "r-" + UUID.randomUUID()));
    }

    private ResolutionDecision resolve(String conflictId, ConflictResolution resolution, Instant at) {
        return commands.sendAndWait(new ResolveConflict(conflictId, P1, domainOf(conflictId), resolution, at));
    }

    private String domainOf(String conflictId) {
        return axon.eventStore().openStream(null).asStream()
                .map(EventMessage::getPayload)
                .filter(ConflictOpened.class::isInstance).map(ConflictOpened.class::cast)
                .filter(opened -> opened.conflictId().equals(conflictId))
                .map(ConflictOpened::domain).findFirst().orElseThrow();
    }

    private List<Object> payloads(String aggregateId) {
        return axon.eventStore().readEvents(aggregateId).asStream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }
}
