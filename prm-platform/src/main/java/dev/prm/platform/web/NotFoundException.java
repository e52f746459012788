package dev.prm.platform.web;

/** Answered 404. Also what another partner gets for a partner-scoped resource (never the data). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
