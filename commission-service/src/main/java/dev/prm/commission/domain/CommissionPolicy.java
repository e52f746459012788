package dev.prm.commission.domain;

import java.time.Instant;

import dev.prm.contracts.PartnerKind;
import dev.prm.program.Versioned;

/** C1: the commission policy, versioned by the deal's close date. */
public final class CommissionPolicy {

    private final Versioned<CommissionPolicyVersion> versions;

    public CommissionPolicy(Versioned<CommissionPolicyVersion> versions) {
        this.versions = versions;
    }

    public CommissionTerms termsFor(Instant closedAt, PartnerKind kind) {
        Versioned.Version<CommissionPolicyVersion> version = versions.versionAt(closedAt);
        CommissionRule rule = version.value().ruleFor(kind);
        return new CommissionTerms(version.id(), kind, rule.rate(), rule.accrualMonths());
    }

    public Versioned<CommissionPolicyVersion> versions() {
        return versions;
    }
}
