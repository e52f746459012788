package dev.prm.contracts;

/** What every topic of the contract shares; the topics' names are in their producers' contracts. */
public final class Topics {

    private static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }

    /** The dead-letter topic of an inbound topic: malformed messages land there with their reasons. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
