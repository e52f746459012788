package dev.prm.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The table, its figures, and what the benchmark reads: options, Prometheus text, /proc, the projections answer. */
class BenchReportTest {

    @Test
    void theTableIsMarkdownWithPaddedColumns() {
        ResultTable table = new ResultTable();
        table.add("1 ceilings", "Kafka consume", "600,000 records/s", "", "0.50 s");
        table.add("2 ingest", "tier-service", "2,100 events/s", "0.35 % of Kafka consume", "a | b");

        List<String> lines = table.markdown().lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("| phase      | measure       | figure            | vs machine ceiling      | notes  |");
        assertThat(lines.get(1)).matches("\\|(-+\\|){5}");
        assertThat(lines.get(2)).isEqualTo("| 1 ceilings | Kafka consume | 600,000 records/s |                         | 0.50 s |");
        assertThat(lines.get(3)).isEqualTo("| 2 ingest   | tier-service  | 2,100 events/s    | 0.35 % of Kafka consume | a \\| b |");
        assertThat(lines).allMatch(line -> line.length() == lines.get(0).length());
    }

    @Test
    void figuresAreFormattedForReading() {
        assertThat(ResultTable.rate(2122.4, "events")).isEqualTo("2,122 events/s");
        assertThat(ResultTable.rate(42.25, "events")).isEqualTo("42.3 events/s");
        assertThat(ResultTable.rate(Double.NaN, "events")).isEqualTo("n/a");
        assertThat(ResultTable.ratio(2_100, 600_000, "Kafka consume")).isEqualTo("0.35 % of Kafka consume");
        assertThat(ResultTable.ratio(45_000, 150_000, "Kafka produce")).isEqualTo("30.0 % of Kafka produce");
        assertThat(ResultTable.ratio(1, 0, "nothing")).isEmpty();
        assertThat(ResultTable.count(1_000_000)).isEqualTo("1,000,000");
        assertThat(ResultTable.seconds(4.567)).isEqualTo("4.57 s");
        assertThat(ResultTable.seconds(1234.56)).isEqualTo("1,234.6 s");
        assertThat(ResultTable.megabytes(512L * 1024 * 1024)).isEqualTo("512 MiB");
    }

    @Test
    void optionsHaveLoopbackDefaults() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertThat(options.bootstrap()).isEqualTo("localhost:9092");
        assertThat(options.service(Service.COMMISSION)).hasToString("http://localhost:8083");
        assertThat(options.events()).isEqualTo(1_000_000);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.runs(BenchOptions.Phase.REBUILD)).isTrue();
    }

    @Test
    void optionsTakeEveryAddressAndSkips() {
        BenchOptions options = BenchOptions.parse(new String[] {"--bootstrap=localhost:49092", "--tier=http://localhost:48081/",
                "--events=100_000", "--duration=2m", "--skip=rebuild,REST"});

        assertThat(options.bootstrap()).isEqualTo("localhost:49092");
        assertThat(options.service(Service.TIER)).hasToString("http://localhost:48081");
        assertThat(options.events()).isEqualTo(100_000);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.runs(BenchOptions.Phase.REBUILD)).isFalse();
        assertThat(options.runs(BenchOptions.Phase.REST)).isFalse();
        assertThat(options.runs(BenchOptions.Phase.INGEST)).isTrue();
    }

    @Test
    void cpuByStageIsReadFromTheScrapeAndDividedByTheEvents() {
        String before = """
                # TYPE prm_ingest_cpu_seconds_total counter
                prm_ingest_cpu_seconds_total{service="tier-service",stage="decide"} 1.0
                prm_ingest_cpu_seconds_total{service="tier-service",stage="append"} 0.5
                prm_cpu_seconds_total{role="ingest",service="tier-service"} 2.0
                prm_cpu_seconds_total{role="project",service="tier-service"} 1.0
                prm_events_consumed_total{outcome="applied",service="tier-service"} 99.0
                """;
        String after = """
                prm_ingest_cpu_seconds_total{service="tier-service",stage="decide"} 3.0
                prm_ingest_cpu_seconds_total{service="tier-service",stage="append"} 1.5
                prm_cpu_seconds_total{role="ingest",service="tier-service"} 6.0
                prm_cpu_seconds_total{role="project",service="tier-service"} 3.0
                """;

        List<String> row = CpuStages.row("tier-service", 10_000, CpuStages.read(before), CpuStages.read(after));

        assertThat(CpuStages.read(before)).containsEntry("stage:decide", 1.0).containsEntry("role:project", 1.0).hasSize(4);
        List<String> header = CpuStages.header();
        assertThat(row).hasSameSizeAs(header);
        assertThat(row.get(header.indexOf("decide"))).isEqualTo("200");          // 2 s over 10,000 events
        assertThat(row.get(header.indexOf("append"))).isEqualTo("100");
        assertThat(row.get(header.indexOf("poll and other"))).isEqualTo("100");  // 4 s of the thread, 3 s in stages
        assertThat(row.get(header.indexOf("project"))).isEqualTo("200");
        assertThat(row.get(header.indexOf("total"))).isEqualTo("600");
        assertThat(CpuStages.row("tier-service", 10_000, Map.of(), Map.of())).isEmpty();
    }

    @Test
    void optionsMeasureOnlyTheServicesNamed() {
        assertThat(BenchOptions.parse(new String[0]).services()).containsOnlyKeys(Service.values());
        assertThat(BenchOptions.parse(new String[] {"--services=tier-service, commission-service"}).services())
                .containsOnlyKeys(Service.TIER, Service.COMMISSION);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--services=tier"})).hasMessageContaining("--services");
    }

    @Test
    void ingestBesideTheRequestsIsPacedOrAStandingBacklogNotBoth() {
        assertThat(BenchOptions.parse(new String[0]).backgroundBacklog()).isZero();
        assertThat(BenchOptions.parse(new String[] {"--background-backlog=600_000"}).backgroundBacklog()).isEqualTo(600_000);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--background-backlog=-1"})).hasMessageContaining("negative");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--background-rate=2000", "--background-backlog=600000"}))
                .hasMessageContaining("give one");
    }

    @Test
    void optionsRefuseRemoteAddressesUnlessAllowed() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--gateway=http://10.0.0.5:8080"}))
                .hasMessageContaining("loopback");
        assertThat(BenchOptions.parse(new String[] {"--gateway=http://10.0.0.5:8080", "--allow-remote=true"}).gateway().getHost())
                .isEqualTo("10.0.0.5");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--evnts=5"})).hasMessageContaining("unknown option --evnts");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--skip=everything"})).hasMessageContaining("--skip");
    }

    @Test
    void durationsReadTheirUnit() {
        assertThat(BenchOptions.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(BenchOptions.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(BenchOptions.duration("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(BenchOptions.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(BenchOptions.duration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> BenchOptions.duration("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void heapIsTheSumOfTheHeapPools() {
        String scrape = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{application="tier-service",area="heap",id="G1 Eden Space"} 1.2E7
                jvm_memory_used_bytes{application="tier-service",area="heap",id="G1 Old Gen"} 3.0E7
                jvm_memory_used_bytes{application="tier-service",area="nonheap",id="Metaspace"} 9.9E7
                jvm_memory_used_bytes_total 1
                jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 5.36870912E8
                """;

        assertThat(MemorySampler.heapUsed(scrape)).hasValue(42_000_000);
        assertThat(MemorySampler.heapUsed("up 1\n")).isEmpty();
    }

    @Test
    void procStatusFieldsAreInKilobytes() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  812344 kB\nVmRSS:\t  700000 kB\n";

        assertThat(MemorySampler.statusField(status, "VmHWM")).hasValue(812_344);
        assertThat(MemorySampler.statusField(status, "VmRSS")).hasValue(700_000);
        assertThat(MemorySampler.statusField(status, "VmSwap")).isEmpty();
    }

    @Test
    void aServiceIsKnownByItsJarAndPort() {
        String mine = String.join("\0", "/usr/bin/java", "-Xmx512m", "-jar", "/work/main/tier-service/target/tier-service.jar",
                "--server.port=48081", "--spring.datasource.url=jdbc:postgresql://localhost:45432/prm_tier") + "\0";
        String theirs = mine.replace("48081", "38081");

        assertThat(MemorySampler.runs(mine, "tier-service.jar", 48081)).isTrue();
        assertThat(MemorySampler.runs(theirs, "tier-service.jar", 48081)).isFalse();
        assertThat(MemorySampler.runs(mine, "registration-service.jar", 48081)).isFalse();
        assertThat(MemorySampler.runs(mine.replace("tier-service.jar", "my-tier-service.jar"), "tier-service.jar", 48081)).isFalse();
    }

    @Test
    void theProjectionsAnswerIsRead() {
        StackClient.Projections projections = new StackClient(java.net.URI.create("http://localhost:1")).parseProjections("""
                {"head":1200,"processors":[{"name":"points","position":1200,"behind":0},
                 {"name":"tiers","position":1000,"behind":200},{"name":"tier-events-publisher","position":1190,"behind":10}]}""");

        assertThat(projections.head()).isEqualTo(1200);
        assertThat(projections.caughtUp(name -> true)).isFalse();
        assertThat(projections.caughtUp("points"::equals)).isTrue();
        assertThat(projections.behind(name -> !Service.isPublisher(name))).isEqualTo(200);
        assertThat(projections.describe(name -> true)).isEqualTo("points 0, tiers 200, tier-events-publisher 10");
        assertThatThrownBy(() -> new StackClient(java.net.URI.create("http://localhost:1")).parseProjections("{\"status\":\"UP\"}"))
                .hasMessageContaining("not a projections answer");
    }
}
