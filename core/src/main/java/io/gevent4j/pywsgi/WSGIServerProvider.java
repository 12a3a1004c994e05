package io.gevent4j.pywsgi;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.net.InetSocketAddress;

/**
 * Makes the JDK's {@code HttpServer.create()} and {@code HttpsServer.create()} return a
 * {@link WSGIServer}, so code that creates its own server runs on greenlets unchanged:
 * {@code -Dcom.sun.net.httpserver.HttpServerProvider=io.gevent4j.pywsgi.WSGIServerProvider}. It is not
 * registered as a service, so having gevent4j on the class path changes nothing by itself.
 */
public final class WSGIServerProvider extends HttpServerProvider {
    /** As the JDK's provider lookup needs: a public constructor with no arguments. */
    public WSGIServerProvider() {}

    @Override
    public HttpServer createHttpServer(InetSocketAddress address, int backlog) {
        return WSGIServer.create(address, backlog);
    }

    @Override
    public HttpsServer createHttpsServer(InetSocketAddress address, int backlog) {
        return WSGIServer.create(address, backlog);
    }
}
