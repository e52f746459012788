package dev.prm.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/** What the phases of one benchmark run share: the stack, the event source, the result table and the machine's ceilings. */
final class Bench {

    private final BenchOptions options;
    private final String run;
    private final StackClient stack;
    private final SimulatorSource source;
    private final ResultTable table = new ResultTable();
    private final Admin admin;
    private final CatchUp catchUp;
    private Ceilings.Kafka kafkaCeiling;
    private Ceilings.Postgres postgresCeiling;

    Bench(BenchOptions options, String run, StackClient stack, SimulatorSource source, Admin admin) {
        this.options = options;
        this.run = run;
        this.stack = stack;
        this.source = source;
        this.admin = admin;
        this.catchUp = new CatchUp(new ConsumerLag(admin), stack, options.services());
    }

    BenchOptions options() {
        return options;
    }

    String run() {
        return run;
    }

    StackClient stack() {
        return stack;
    }

    SimulatorSource source() {
        return source;
    }

    ResultTable table() {
        return table;
    }

    Admin admin() {
        return admin;
    }

    CatchUp catchUp() {
        return catchUp;
    }

    void ceilings(Ceilings.Kafka kafka, Ceilings.Postgres postgres) {
        this.kafkaCeiling = kafka;
        this.postgresCeiling = postgres;
    }

    /** A rate beside Kafka's consume and PostgreSQL's insert ceilings; empty without them. */
    String vsConsumeAndInsert(double rate) {
        List<String> parts = new ArrayList<>();
        if (kafkaCeiling != null) {
            parts.add(ResultTable.ratio(rate, kafkaCeiling.consumeRate(), "Kafka consume"));
        }
        if (postgresCeiling != null) {
            parts.add(ResultTable.ratio(rate, postgresCeiling.rate(), "PG insert"));
        }
        return String.join(" · ", parts);
    }

    String vsKafkaProduce(double rate) {
        return kafkaCeiling == null ? "" : ResultTable.ratio(rate, kafkaCeiling.produceRate(), "Kafka produce");
    }

    String vsPostgresInsert(double rate) {
        return postgresCeiling == null ? "" : ResultTable.ratio(rate, postgresCeiling.rate(), "PG insert");
    }

    /** Lets the backlog a phase left drain before the next one measures; a time-out is noted, not fatal. */
    void awaitQuiet(String phase, String label) throws InterruptedException {
        System.out.println("   waiting for every service to catch up before the next phase");
        try {
            long start = System.nanoTime();
            Map<Service, CatchUp.Result> results = catchUp.await(label, start, () -> true, () -> 0, 0, Map.of(),
                    options.settleTimeout(), options.stallTimeout());
            long slowest = results.values().stream().mapToLong(CatchUp.Result::projectionsNanos).max().orElse(0);
            System.out.printf("   caught up in %s%n", ResultTable.seconds(slowest / 1e9));
        } catch (IllegalStateException e) {
            System.err.println("   " + e.getMessage() + " — going on");
            table.add(phase, "note", "", "", e.getMessage());
        }
    }
}
