package dev.prm.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ThreadCpuTest {

    @Test
    void threads_are_grouped_by_what_they_do() {
        assertThat(ThreadCpu.role("tier-service-inbound-0-C-1")).isEqualTo("ingest");
        assertThat(ThreadCpu.role("tick-releaser")).isEqualTo("steps");
        assertThat(ThreadCpu.role("WorkPackage[points]-0")).isEqualTo("project");
        assertThat(ThreadCpu.role("WorkPackage[tier-events-publisher]-1")).isEqualTo("publish");
        assertThat(ThreadCpu.role("Coordinator[tiers]-0")).isEqualTo("coordinate");
        assertThat(ThreadCpu.role("EmbeddedEventStore-0")).isEqualTo("event-store");
        assertThat(ThreadCpu.role("http-nio-127.0.0.1-8081-exec-3")).isEqualTo("rest");
        assertThat(ThreadCpu.role("kafka-producer-network-thread | tier-service-producer-1")).isEqualTo("kafka-client");
        assertThat(ThreadCpu.role("business-gauges")).isEqualTo("other-threads");
    }

    @Test
    void a_thread_that_ended_keeps_the_cpu_it_was_seen_with() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ThreadCpu cpu = new ThreadCpu();
        cpu.bindTo(registry); // Micrometer holds it weakly: collected, its counters would read 0
        CountDownLatch halfway = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            StageCpuTest.burn(40);
            halfway.countDown();
            StageCpuTest.burn(40);
        }, "test-inbound-0-C-1");
        worker.start();
        halfway.await(); // seen after it has used CPU, however slowly a loaded machine starts it
        double whileRunning = ingest(registry);
        worker.join();
        Thread.sleep(1_100); // the next read scans again

        double afterwards = ingest(registry);
        assertThat(afterwards).isGreaterThanOrEqualTo(whileRunning);
        assertThat(whileRunning).isGreaterThan(0.0);
        assertThat(registry.get("prm.cpu").tag("role", "jvm").functionCounter().count()).isGreaterThanOrEqualTo(0.0);
        Reference.reachabilityFence(cpu);
    }

    private static double ingest(SimpleMeterRegistry registry) {
        return registry.get("prm.cpu").tag("role", "ingest").functionCounter().count();
    }
}
