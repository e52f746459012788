package dev.prm.contracts;

/** Partner tiers in ascending order (T1); SOLUTIONS_PARTNER is the base, "no tier". */
public enum Tier {
    SOLUTIONS_PARTNER,
    GOLD,
    PLATINUM,
    DIAMOND,
    ELITE;

    public boolean isAbove(Tier other) {
        return compareTo(other) > 0;
    }
}
