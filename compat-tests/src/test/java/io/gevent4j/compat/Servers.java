package io.gevent4j.compat;

import io.gevent4j.compat.peers.DnsServer;
import io.gevent4j.compat.peers.LoopbackPeers;
import io.gevent4j.compat.peers.PostgresServer;
import io.gevent4j.compat.peers.RedisServer;
import io.gevent4j.testkit.Prerequisites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * The servers of the test JVM, each started on first need and kept for every row and mode; closed at
 * the end (and by a shutdown hook, so no PostgreSQL or Redis outlives a killed build). A server that
 * cannot start fails every row that needs it, with the message that says what to install; one that
 * scripts/test.sh could not install leaves those rows not run (see {@link Prerequisites}).
 */
final class Servers {
    static final Path WORK =
            Path.of(System.getProperty("compat.work", "target/compat")).toAbsolutePath();

    private static final Map<Row.Need, Object> STARTED = new TreeMap<>();
    private static final List<AutoCloseable> OPEN = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Servers::closeAll, "compat-servers-stop"));
    }

    private Servers() {}

    /** The system properties that tell {@code row}'s program where its servers are, starting them if needed. */
    static synchronized Map<String, String> propertiesFor(Row row) {
        if (row.need.prerequisite != null) {
            Prerequisites.abortIfUnavailable(row.need.prerequisite, "CompatibilityIT, row " + row);
        }
        return switch (row.need) {
            case NOTHING -> Map.of();
            case DNS -> {
                dns(); // the program finds it through its resolv.conf
                yield Map.of();
            }
            case PEERS -> peers().properties();
            case POSTGRES -> Map.of("compat.postgres", postgres().jdbcUrl());
            case REDIS -> Map.of("compat.redis", String.valueOf(redis().port()));
        };
    }

    /** How {@code row}'s command must be wrapped (the DNS case's private resolv.conf), else unchanged. */
    static synchronized UnaryOperator<List<String>> wrapperFor(Row row) {
        return row.need == Row.Need.DNS ? dns()::wrap : UnaryOperator.identity();
    }

    static LoopbackPeers peers() {
        return start(Row.Need.PEERS, LoopbackPeers::new);
    }

    static DnsServer dns() {
        return start(Row.Need.DNS, () -> new DnsServer(WORK));
    }

    static PostgresServer postgres() {
        return start(Row.Need.POSTGRES, PostgresServer::new);
    }

    static RedisServer redis() {
        return start(Row.Need.REDIS, RedisServer::new);
    }

    /** Versions of the servers that ran, e.g. "PostgreSQL 15.18". */
    static synchronized List<String> versions() {
        List<String> v = new ArrayList<>();
        if (STARTED.get(Row.Need.POSTGRES) instanceof PostgresServer pg) {
            v.add(pg.version());
        }
        if (STARTED.get(Row.Need.REDIS) instanceof RedisServer r) {
            v.add(r.version());
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static synchronized <T extends AutoCloseable> T start(Row.Need need, Callable<T> starter) {
        Object s = STARTED.get(need);
        if (s == null) {
            try {
                T server = starter.call();
                OPEN.add(server);
                s = server;
            } catch (Exception e) {
                s = new AssertionError(e.getMessage(), e);
            }
            STARTED.put(need, s);
        }
        if (s instanceof AssertionError failed) {
            throw failed;
        }
        return (T) s;
    }

    static synchronized void closeAll() {
        for (AutoCloseable c : OPEN.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("compat: closing " + c + " failed: " + e);
            }
        }
        OPEN.clear();
    }
}
