package dev.prm.commission.domain;

import java.util.Objects;

import dev.prm.contracts.PartnerKind;

/** One version of the commission policy: the rule for each partner kind. */
public record CommissionPolicyVersion(CommissionRule solutionsPartner, CommissionRule provider) {

    public CommissionPolicyVersion {
        Objects.requireNonNull(solutionsPartner, "solutionsPartner");
        Objects.requireNonNull(provider, "provider");
    }

    public CommissionRule ruleFor(PartnerKind kind) {
        return kind == PartnerKind.PROVIDER ? provider : solutionsPartner;
    }
}
