package dev.prm.registration.web;

import java.util.concurrent.ThreadLocalRandom;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.prm.platform.ingest.TransientFailures;

/**
 * Sends a REST command in its own database transaction, so the partner's and the domain's appends and the timers
 * they set commit together (Axon's own transaction manager is not wired under Boot 4: without this each append would
 * commit alone). When another writer appended to the same partner or domain first (the same instant from Kafka or
 * another request), the command is decided again on the new state.
 */
@Component
class CommandSender {

    private static final Logger log = LoggerFactory.getLogger(CommandSender.class);
    private static final int ATTEMPTS = 20;

    private final CommandGateway commands;
    private final TransactionTemplate transaction;

    CommandSender(CommandGateway commands, TransactionTemplate transaction) {
        this.commands = commands;
        this.transaction = transaction;
    }

    <R> R send(Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> commands.sendAndWait(command));
            } catch (RuntimeException failure) {
                if (attempt >= ATTEMPTS || !TransientFailures.isTransient(failure)) {
                    throw failure;
                }
                log.info("{} lost a race with a concurrent writer (attempt {}); deciding it again",
                        command.getClass().getSimpleName(), attempt);
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a command", e);
        }
    }
}
