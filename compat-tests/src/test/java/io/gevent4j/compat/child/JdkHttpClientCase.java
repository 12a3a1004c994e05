package io.gevent4j.compat.child;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code java.net.http.HttpClient.send} (the blocking call) of a page the parent serves after L ms. */
public final class JdkHttpClientCase extends Case {
    private HttpClient client;

    @Override
    protected void setUp() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String call(int i) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Io.httpUrl(ctx, i)))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + Ctx.expect("hello " + i, response.body());
    }

    @Override
    protected void close() {
        client.close();
    }
}
