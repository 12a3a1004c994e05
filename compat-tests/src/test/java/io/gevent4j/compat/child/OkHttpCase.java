package io.gevent4j.compat.child;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** OkHttp, synchronous {@code Call.execute}: GET of a page the parent serves after L ms. */
public final class OkHttpCase extends Case {
    private OkHttpClient client;

    @Override
    protected void setUp() {
        client = new OkHttpClient();
    }

    @Override
    public String call(int i) throws Exception {
        try (Response r = client.newCall(
                        new Request.Builder().url(Io.httpUrl(ctx, i)).build())
                .execute()) {
            return r.code() + " " + Ctx.expect("hello " + i, r.body().string());
        }
    }

    @Override
    protected void close() {
        // OkHttp's documented shutdown.
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
