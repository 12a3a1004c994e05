package io.gevent4j.compat.child;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** PostgreSQL JDBC: {@code SELECT ?, pg_sleep(L)} on a connection of its own (opened beforehand). */
public final class PostgresCase extends Case {
    private Connection[] connections;

    @Override
    protected void setUp() throws Exception {
        connections = new Connection[ctx.n() + 1];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = DriverManager.getConnection(Ctx.prop("compat.postgres"));
        }
    }

    @Override
    public String call(int i) throws Exception {
        try (PreparedStatement ps = connections[i].prepareStatement("SELECT ?::int, pg_sleep(?)")) {
            ps.setInt(1, i);
            ps.setDouble(2, ctx.l() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "row " + rs.getInt(1);
            }
        }
    }

    @Override
    protected void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }
}
