package io.gevent4j.compat.child;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/** {@code HttpURLConnection} GET of a page the parent serves after L ms. */
public final class HttpUrlConnectionCase extends Case {
    @Override
    public String call(int i) throws Exception {
        HttpURLConnection c =
                (HttpURLConnection) URI.create(Io.httpUrl(ctx, i)).toURL().openConnection();
        c.setReadTimeout(30_000);
        try (InputStream in = c.getInputStream()) {
            return c.getResponseCode() + " " + Ctx.expect("hello " + i, new String(in.readAllBytes(), "UTF-8"));
        } finally {
            c.disconnect(); // no keep-alive cache left behind
        }
    }
}
