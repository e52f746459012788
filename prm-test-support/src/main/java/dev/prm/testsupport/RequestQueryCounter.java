package dev.prm.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements REST requests run (issue 16: a partner route answers in one or two indexed queries).
 * Imported into a service's test context, it wraps the data source and counts the statements prepared on the web
 * server's request threads only: ingestion and projections running beside the test are not counted.
 */
public final class RequestQueryCounter implements BeanPostProcessor {

    private static final Set<String> STATEMENT_METHODS = Set.of("prepareStatement", "createStatement", "prepareCall");
    private static final AtomicInteger STATEMENTS = new AtomicInteger();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource && !(bean instanceof Counting) ? new Counting(dataSource) : bean;
    }

    /** What a request answered and how many statements the request threads prepared meanwhile. */
    public record Counted<T>(T answer, int statements) {
    }

    /** Runs {@code request} (one at a time) and counts the statements the request threads prepared while it ran. */
    public static <T> Counted<T> count(Supplier<T> request) {
        int before = STATEMENTS.get();
        T answer = request.get();
        return new Counted<>(answer, STATEMENTS.get() - before);
    }

    private static boolean onRequestThread() {
        return Thread.currentThread().getName().startsWith("http-nio-");
    }

    private static final class Counting extends DelegatingDataSource {

        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counted(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counted(super.getConnection(username, password));
        }

        private static Connection counted(Connection connection) {
            if (!onRequestThread()) {
                return connection;
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, arguments) -> {
                        if (STATEMENT_METHODS.contains(method.getName())) {
                            STATEMENTS.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
