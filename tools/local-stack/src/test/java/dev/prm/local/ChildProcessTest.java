package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fault tests rely on: kill is a crash (SIGKILL, no handler runs), stop is a polite SIGTERM. */
class ChildProcessTest {

    /** Logs "started", then "TERM" if it is asked to stop; sleeps until then. */
    private static final String TRAPS_TERM = "trap 'echo TERM; exit 0' TERM; echo started; while true; do sleep 0.1; done";

    @TempDir
    Path dir;

    @Test
    void kill_ends_the_process_with_sigkill_and_no_handler_runs() throws Exception {
        Path log = dir.resolve("kill.log");
        ChildProcess process = ChildProcess.start("victim", List.of("sh", "-c", TRAPS_TERM), Map.of(), log);
        awaitLine(log, "started");

        process.kill();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitValue()).as("128 + SIGKILL (9)").isEqualTo(137);
        assertThat(Files.readString(log)).doesNotContain("TERM");
    }

    @Test
    void stop_asks_the_process_to_end_and_it_can_clean_up() throws Exception {
        Path log = dir.resolve("stop.log");
        ChildProcess process = ChildProcess.start("polite", List.of("sh", "-c", TRAPS_TERM), Map.of(), log);
        awaitLine(log, "started");

        process.stop();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("TERM");
    }

    @Test
    void stop_all_asks_every_process_at_once() throws Exception {
        // each one, asked to stop, waits up to 10 s for every other to have been asked before it ends: asked one or two
        // at a time (as a parallel stream on 2 cores did), the first would end alone
        int count = 5;
        String waitsForTheOthers = "trap 'touch %s/asked-%d; i=0; while [ $(ls %s | grep -c asked-) -lt %d ] && [ $i -lt 100 ]; do sleep 0.1;"
                + " i=$((i+1)); done; [ $i -lt 100 ] || echo ALONE; exit 0' TERM; echo started; while true; do sleep 0.1; done";
        List<ChildProcess> children = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path log = dir.resolve("child-" + i + ".log");
            children.add(ChildProcess.start("child-" + i, List.of("sh", "-c", waitsForTheOthers.formatted(dir, i, dir, count)), Map.of(), log));
            awaitLine(log, "started");
        }

        ChildProcess.stopAll(children);

        for (int i = 0; i < count; i++) {
            assertThat(children.get(i).isAlive()).isFalse();
            assertThat(Files.readString(dir.resolve("child-" + i + ".log"))).as("child " + i).doesNotContain("ALONE");
        }
    }

    @Test
    void the_first_lines_are_those_of_this_start_in_a_log_appended_to() throws Exception {
        Path log = Files.writeString(dir.resolve("again.log"), "[0.7s][error][aot] an earlier start's line, ü\nmore of it\n");
        ChildProcess process = ChildProcess.start("again", List.of("sh", "-c", "echo first; echo second; exit 0"), Map.of(), log);
        assertThat(process.waitFor(java.time.Duration.ofSeconds(10))).isTrue();

        assertThat(process.firstLines(20)).containsExactly("first", "second");
        assertThat(process.firstLines(1)).containsExactly("first");
    }

    private static void awaitLine(Path log, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(log) && Files.readString(log).contains(line))) {
            assertThat(System.nanoTime()).as("'" + line + "' in " + log).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
