package dev.prm.benchmark;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes events from the source at a fixed rate (open loop: a late send does not shift the ones after it). */
final class PacedPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final SimulatorSource source;
    private final double rate;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile long startNanos;
    private volatile long stopNanos;

    PacedPublisher(KafkaProducer<String, byte[]> producer, SimulatorSource source, double rate, String name) {
        this.producer = producer;
        this.source = source;
        this.rate = rate;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    PacedPublisher start() {
        thread.start();
        return this;
    }

    private void run() {
        startNanos = System.nanoTime();
        Pacer pacer = new Pacer(startNanos, rate);
        try {
            for (long i = 0; running; i++) {
                pacer.awaitDue(i);
                if (!running) {
                    break;
                }
                SimulatorSource.Event event = source.next();
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                sent.incrementAndGet();
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            stopNanos = System.nanoTime();
        }
    }

    long sent() {
        return sent.get();
    }

    /** Events per second over the time it ran. */
    double achievedRate() {
        long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
        return sent.get() / ((end - startNanos) / 1e9);
    }

    double rate() {
        return rate;
    }

    /** Stops sending and flushes; throws what a send failed with. */
    void close() throws InterruptedException {
        running = false;
        thread.join();
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("publishing at " + rate + " events/s failed: " + failure.get(), failure.get());
        }
    }
}
