package dev.prm.benchmark;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** What the benchmark reads of the PostgreSQL server it measures. */
final class Database {

    private Database() {
    }

    /** {@code url} (the {@code --jdbc-url}) with another database. */
    static String url(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /** Issue 15: say which database was measured: durable (production) or the local stack's --fast-db. */
    static String durability(String jdbcUrl, String user, String password) {
        try (var connection = DriverManager.getConnection(jdbcUrl, user, password);
             var statement = connection.createStatement()) {
            String fsync = show(statement, "fsync");
            String synchronousCommit = show(statement, "synchronous_commit");
            boolean durable = fsync.equals("on") && !synchronousCommit.equals("off");
            return "PostgreSQL " + (durable ? "durable" : "NOT durable (fast mode, e.g. ./run-local.sh --fast-db)") + ": fsync "
                    + fsync + ", synchronous_commit " + synchronousCommit;
        } catch (SQLException e) {
            return "PostgreSQL durability not read (" + e.getMessage() + ")";
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (var rows = statement.executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
