package io.gevent4j.monitor;

import io.gevent4j.HubObserver;

/**
 * Starts the {@link HubMonitor} with the JVM's first hub when {@code -Dgevent4j.monitor=true} asks for
 * it. Not for applications: {@link java.util.ServiceLoader} creates it, from this module's
 * {@code META-INF/services/io.gevent4j.HubObserver$Installer}.
 */
public final class MonitorInstaller implements HubObserver.Installer {
    /** For {@link java.util.ServiceLoader}. */
    public MonitorInstaller() {}

    @Override
    public void install() {
        HubMonitor.startIfConfigured();
    }
}
