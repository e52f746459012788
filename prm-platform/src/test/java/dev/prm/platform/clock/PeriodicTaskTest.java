package dev.prm.platform.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

    /** Fails every other round and records on which thread each call ran. */
    private static final class Recording extends PeriodicTask {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger rounds = new AtomicInteger();
        final CountDownLatch fiveRounds = new CountDownLatch(5);

        Recording() {
            super("recording-task", Duration.ZERO, Duration.ofMillis(5));
        }

        @Override
        protected void onThreadStart() {
            calls.add("start on " + Thread.currentThread().getName());
        }

        @Override
        protected void runOnce() {
            fiveRounds.countDown();
            if (rounds.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("round " + rounds.get());
            }
        }

        @Override
        protected void failed(RuntimeException failure) {
            calls.add("failed " + failure.getMessage());
        }

        boolean runLater(Runnable action) {
            return later(Duration.ofMillis(1), action);
        }
    }

    @Test
    void rounds_go_on_after_a_failed_round_on_one_named_daemon_thread_that_started_first() throws Exception {
        Recording task = new Recording();
        task.start();
        try {
            assertThat(task.fiveRounds.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            task.stop();
        }
        assertThat(task.calls.getFirst()).isEqualTo("start on recording-task");
        assertThat(task.calls).contains("failed round 2", "failed round 4");
    }

    @Test
    void later_runs_once_on_the_tasks_thread_while_running_and_is_refused_once_stopped() throws Exception {
        Recording task = new Recording();
        task.start();
        CountDownLatch ran = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        assertThat(task.runLater(() -> {
            threads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : ""));
            ran.countDown();
        })).isTrue();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        task.stop();

        assertThat(threads).containsExactly("recording-task daemon");
        assertThat(task.isRunning()).isFalse();
        assertThat(task.runLater(() -> threads.add("after stop"))).isFalse();
    }

    @Test
    void stop_interrupts_a_round_in_flight_and_waits_until_it_has_ended() throws Exception {
        CountDownLatch inRound = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        PeriodicTask blocking = new PeriodicTask("blocking-task", Duration.ZERO, Duration.ofSeconds(60)) {
            @Override
            protected void runOnce() {
                inRound.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    ended.incrementAndGet();
                }
            }

            @Override
            protected void failed(RuntimeException failure) {
            }
        };
        blocking.start();
        assertThat(inRound.await(5, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        blocking.stop();

        assertThat(ended).as("the round ended before stop returned").hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
