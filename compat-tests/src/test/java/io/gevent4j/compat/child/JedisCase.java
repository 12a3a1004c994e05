package io.gevent4j.compat.child;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.KeyValue;

/** Jedis: {@code SET}, a {@code BLPOP} on an empty list that times out after L, {@code GET}; a connection each. */
public final class JedisCase extends Case {
    private Jedis[] connections;

    @Override
    protected void setUp() {
        connections = new Jedis[ctx.n() + 1];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Jedis("127.0.0.1", Ctx.port("compat.redis"));
            connections[i].ping();
        }
    }

    @Override
    public String call(int i) {
        Jedis jedis = connections[i];
        String key = ctx.mode() + ":" + i;
        jedis.set(key, "value " + i);
        KeyValue<String, String> popped = jedis.blpop(ctx.l() / 1000.0, key + ":empty");
        return jedis.get(key) + ", blpop " + popped;
    }

    @Override
    protected void close() {
        for (Jedis j : connections) {
            j.close();
        }
    }
}
