package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.prm.testsupport.TestInfrastructure;

/**
 * deploy/compose/postgres/init-databases.sh, which the postgres image runs on its first start, run with bash and
 * psql against a real PostgreSQL: one database per service, owned by that service's role, closed to the others.
 */
class PostgresInitScriptTest {

    private static final String SCRIPT = Repository.ROOT.resolve("deploy/compose/postgres/init-databases.sh").toString();
    // quotes, a backslash, a dollar and a semicolon: the script must pass any password through untouched
    private static final Map<String, String> PASSWORDS = Map.of(
            "PRM_TIER_DB_PASSWORD", "dev-only 'tier' \"pw\" \\ $HOME ;drop",
            "PRM_REGISTRATION_DB_PASSWORD", "dev-only-registration",
            "PRM_COMMISSION_DB_PASSWORD", "dev-only-commission");

    private static TestInfrastructure.PostgresServer server;
    private static URI admin;

    @BeforeAll
    static void runTheScriptTwice() {
        server = TestInfrastructure.postgres();
        admin = URI.create(server.adminUrl().substring("jdbc:".length()));
        for (int run = 1; run <= 2; run++) {
            ExternalTool.PSQL.require();
            ExternalTool.Result result = ExternalTool.BASH.run(List.of(SCRIPT), environment(), List.of("PGDATABASE", "PGSERVICE"),
                    Repository.ROOT, Duration.ofSeconds(60));
            assertThat(result.exitCode()).as("init-databases.sh, run %d (a second run changes nothing):\n%s", run, result.describe()).isZero();
        }
    }

    @Test
    void eachServiceOwnsItsDatabaseAndCanCreateItsTables() throws SQLException {
        Map<String, String> databases = Repository.initScriptDatabases();
        assertThat(databases.keySet()).as("databases").containsExactlyInAnyOrderElementsOf(
                Repository.SERVICES.stream().map(service -> Repository.module(service).database()).toList());
        try (Connection connection = connect("postgres", server.user(), server.password());
             Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> database : databases.entrySet()) {
                ResultSet owner = statement.executeQuery("select pg_get_userbyid(datdba) from pg_database where datname = '" + database.getKey() + "'");
                assertThat(owner.next()).as("database %s exists", database.getKey()).isTrue();
                assertThat(owner.getString(1)).as("owner of %s", database.getKey()).isEqualTo(database.getValue());
                ResultSet role = statement.executeQuery("select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolpassword is not null "
                        + "from pg_authid where rolname = '" + database.getValue() + "'");
                assertThat(role.next()).as("role %s exists", database.getValue()).isTrue();
                assertThat(List.of(role.getBoolean(1), role.getBoolean(2), role.getBoolean(3), role.getBoolean(4), role.getBoolean(5)))
                        .as("role %s: login, not superuser, no createdb, no createrole, has a password", database.getValue())
                        .containsExactly(true, false, false, false, true);
            }
        }
        for (Map.Entry<String, String> database : databases.entrySet()) {
            // what Flyway does first in a service's own database
            try (Connection connection = connect(database.getKey(), database.getValue(), "unused-with-trust-auth");
                 Statement statement = connection.createStatement()) {
                statement.execute("create table init_script_probe (id bigint primary key)");
                statement.execute("drop table init_script_probe");
            }
        }
    }

    @Test
    void eachRoleGetsExactlyThePasswordFromTheEnvironment() throws Exception {
        Map<String, String> variables = Map.of("prm_tier", "PRM_TIER_DB_PASSWORD", "prm_registration", "PRM_REGISTRATION_DB_PASSWORD",
                "prm_commission", "PRM_COMMISSION_DB_PASSWORD");
        try (Connection connection = connect("postgres", server.user(), server.password());
             Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> role : variables.entrySet()) {
                ResultSet stored = statement.executeQuery("select rolpassword from pg_authid where rolname = '" + role.getKey() + "'");
                assertThat(stored.next()).as("role %s", role.getKey()).isTrue();
                // the test server trusts every login, so compare the stored SCRAM verifier with the intended password
                assertThat(scramVerifierMatches(stored.getString(1), PASSWORDS.get(role.getValue())))
                        .as("password of %s is %s, byte for byte", role.getKey(), role.getValue()).isTrue();
            }
        }
    }

    @Test
    void noServiceCanConnectToAnotherServicesDatabase() {
        Map<String, String> databases = Repository.initScriptDatabases();
        for (String database : databases.keySet()) {
            for (String role : databases.values()) {
                if (role.equals(databases.get(database))) {
                    continue;
                }
                assertThatThrownBy(() -> connect(database, role, "unused").close()).as("%s connecting to %s", role, database)
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
            }
        }
    }

    /** RFC 5802/7677: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, as PostgreSQL stores it. */
    private static boolean scramVerifierMatches(String verifier, String password) throws Exception {
        Matcher parts = Pattern.compile("SCRAM-SHA-256\\$(\\d+):([^$]+)\\$([^:]+):(.+)").matcher(verifier);
        assertThat(parts.matches()).as("a SCRAM-SHA-256 verifier: %s", verifier).isTrue();
        Base64.Decoder base64 = Base64.getDecoder();
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), base64.decode(parts.group(2)),
                Integer.parseInt(parts.group(1)), 256)).getEncoded();
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(salted, "HmacSHA256"));
        byte[] clientKey = hmac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] serverKey = hmac.doFinal("Server Key".getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        return Arrays.equals(storedKey, base64.decode(parts.group(3))) && Arrays.equals(serverKey, base64.decode(parts.group(4)));
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>(PASSWORDS);
        environment.put("POSTGRES_USER", server.user());
        environment.put("PGHOST", admin.getHost());
        environment.put("PGPORT", String.valueOf(admin.getPort()));
        environment.put("PGPASSWORD", server.password());
        return environment;
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + admin.getHost() + ":" + admin.getPort() + "/" + database, user, password);
    }
}
