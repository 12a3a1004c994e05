package io.gevent4j.pywsgi;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** What an {@link HttpsConfigurator} chooses for one connection, applied to its TLS socket. */
final class TlsParameters extends HttpsParameters {
    private final HttpsConfigurator configurator;
    private final InetSocketAddress client;
    private SSLParameters chosen;

    TlsParameters(HttpsConfigurator configurator, InetSocketAddress client) {
        this.configurator = configurator;
        this.client = client;
    }

    @Override
    public HttpsConfigurator getHttpsConfigurator() {
        return configurator;
    }

    @Override
    public InetSocketAddress getClientAddress() {
        return client;
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        chosen = params;
    }

    /** Lets the configurator choose, then applies its choice: whole parameters, or the single settings. */
    void configure(SSLSocket socket) {
        configurator.configure(this);
        if (chosen != null) {
            socket.setSSLParameters(chosen);
            return;
        }
        if (getCipherSuites() != null) {
            socket.setEnabledCipherSuites(getCipherSuites());
        }
        if (getProtocols() != null) {
            socket.setEnabledProtocols(getProtocols());
        }
        if (getNeedClientAuth()) {
            socket.setNeedClientAuth(true);
        } else if (getWantClientAuth()) {
            socket.setWantClientAuth(true);
        }
    }
}
