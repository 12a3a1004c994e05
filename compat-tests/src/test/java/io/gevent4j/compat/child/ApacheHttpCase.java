package io.gevent4j.compat.child;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Apache HttpClient 5, classic (blocking) API: GET of a page the parent serves after L ms. */
public final class ApacheHttpCase extends Case {
    private CloseableHttpClient client;

    @Override
    protected void setUp() {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(ctx.n() + 1);
        pool.setDefaultMaxPerRoute(ctx.n() + 1);
        client = HttpClients.custom().setConnectionManager(pool).build();
    }

    @Override
    public String call(int i) throws Exception {
        return client.execute(
                new HttpGet(Io.httpUrl(ctx, i)),
                response -> response.getCode() + " "
                        + Ctx.expect("hello " + i, EntityUtils.toString(response.getEntity())));
    }

    @Override
    protected void close() throws Exception {
        client.close();
    }
}
