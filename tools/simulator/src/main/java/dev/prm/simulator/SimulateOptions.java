package dev.prm.simulator;

import java.net.URI;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The options of {@code bin/simulate}, every one {@code --name=value} (flags may omit {@code =true}). */
record SimulateOptions(SimulationSettings settings, String bootstrap, double rate, boolean dryRun, boolean awaitServices,
                       String show) {

    static final String USAGE = """
            Usage: bin/simulate [--bootstrap=localhost:9092] [--seed=42] [--partners=200] [--months=12] [--start=2022-01]
                                [--events-per-month=5 x partners] [--em-share=0.25] [--provider-share=0.15]
                                [--over-cap-share=0.03] [--redelivery-share=0.01] [--bad-share=0] [--mid-month-ticks]
                                [--conflicts-per-month=0]
                                [--rate=0] [--await-services=true] [--dry-run] [--show=http://localhost:8080]
              Publishes a seeded CRM history to the inbound topics (SPEC §2); the same seed gives the same events, ids included.
              Run the stack with --clock=event so the history's own TimePassed ticks decide business time.
              --events-per-month  partner activity per month (deals, accounts, registrations, direct owners)
              --bad-share         share of facts followed by a malformed message (dead letters); 0 by default
              --mid-month-ticks   also tick at 00:00 UTC on the 15th (T8 re-evaluations on Jan 15 / Jul 15 on the day)
              --conflicts-per-month  stage each arrival-order conflict (SPEC B3) this many times a month: two partners
                                  asking for one domain, requests around a release and around direct owners, a deal
                                  amended into another currency, facts seconds after the month end; 0 by default
              --rate              events per second, 0 = as fast as the broker takes them
              --await-services    before and after every tick, wait until the services' consumer groups have read
                                  everything published, so month ends see the month's facts (skipped when no service runs)
              --dry-run           print the events as NDJSON ({"topic","key","value"}) on stdout instead of publishing
              --show              after publishing, wait for the services and print notable partners through this gateway""";

    private static final Set<String> KNOWN = Set.of("bootstrap", "seed", "partners", "months", "start", "events-per-month",
            "em-share", "provider-share", "over-cap-share", "redelivery-share", "bad-share", "mid-month-ticks",
            "conflicts-per-month", "rate", "await-services", "dry-run", "show");

    static SimulateOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            given.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
        }
        int partners = integer(given, "partners", 200);
        SimulationSettings defaults = SimulationSettings.defaults(number(given, "seed", 42), partners, integer(given, "months", 12));
        SimulationSettings settings = new SimulationSettings(defaults.seed(), defaults.partners(), defaults.months(),
                month(given.getOrDefault("start", SimulationSettings.DEFAULT_START.toString())),
                integer(given, "events-per-month", defaults.eventsPerMonth()),
                decimal(given, "em-share", defaults.emergingMarketShare()),
                decimal(given, "provider-share", defaults.providerShare()),
                decimal(given, "over-cap-share", defaults.overCapShare()),
                decimal(given, "redelivery-share", defaults.redeliveryShare()),
                decimal(given, "bad-share", defaults.malformedShare()),
                flag(given, "mid-month-ticks", false),
                integer(given, "conflicts-per-month", 0));
        String bootstrap = given.getOrDefault("bootstrap", "localhost:9092");
        String show = given.get("show");
        boolean dryRun = flag(given, "dry-run", false);
        if (!dryRun) {
            requireLoopback(bootstrap);
        }
        if (show != null) {
            if (dryRun) {
                throw new IllegalArgumentException("--show needs the events published: drop --dry-run");
            }
            requireLoopback(URI.create(show).getHost());
            show = show.endsWith("/") ? show.substring(0, show.length() - 1) : show;
        }
        double rate = decimal(given, "rate", 0);
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative");
        }
        return new SimulateOptions(settings, bootstrap, rate, dryRun, flag(given, "await-services", true), show);
    }

    /** Load is only ever pointed at this machine. */
    private static void requireLoopback(String endpoints) {
        for (String endpoint : (endpoints == null ? "" : endpoints).split(",")) {
            String host = endpoint.strip().replaceFirst(":[0-9]+$", "");
            if (!host.equals("localhost") && !host.equals("127.0.0.1") && !host.equals("[::1]")) {
                throw new IllegalArgumentException("the simulator talks to this machine only (localhost), not " + endpoints);
            }
        }
    }

    private static boolean flag(Map<String, String> given, String name, boolean fallback) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is true or false, not " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private static int integer(Map<String, String> given, String name, int fallback) {
        return (int) number(given, name, fallback);
    }

    private static long number(Map<String, String> given, String name, long fallback) {
        String value = given.get(name);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not " + value);
        }
    }

    private static double decimal(Map<String, String> given, String name, double fallback) {
        String value = given.get(name);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
        }
    }

    private static YearMonth month(String value) {
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start is a month like 2022-01, not " + value);
        }
    }
}
