package dev.prm.registration.domain;

/** R8: how a partner manager settles a channel conflict. */
public enum ConflictResolution {
    /** The partner gets the domain (needs a free slot); direct sales lets it go. */
    PARTNER,
    /** Direct sales keeps or takes the domain; the partner's request stays refused. */
    DIRECT,
    /** Both: the partner's registration is granted (needs a free slot) and marked co-sell. */
    CO_SELL;

    public boolean grantsThePartner() {
        return this != DIRECT;
    }
}
