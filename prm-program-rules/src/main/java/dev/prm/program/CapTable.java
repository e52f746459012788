package dev.prm.program;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;

/**
 * R2: one version of the cap table: the cap on active registrations per tier, the cap of the PROVIDER
 * kind whatever its tier, and the compliance deadline for partners this version puts over cap.
 */
public record CapTable(String version, Instant effectiveFrom, Map<Tier, Integer> tierCaps, int providerCap,
                       Instant complianceDeadline) {

    public CapTable {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        tierCaps = new EnumMap<>(tierCaps);
        for (Tier tier : Tier.values()) {
            if (!tierCaps.containsKey(tier)) {
                throw new IllegalArgumentException("cap table " + version + " has no cap for " + tier);
            }
        }
    }

    public int capFor(PartnerKind kind, Tier tier) {
        return kind == PartnerKind.PROVIDER ? providerCap : tierCaps.get(tier);
    }

    public Optional<Instant> deadline() {
        return Optional.ofNullable(complianceDeadline);
    }
}
