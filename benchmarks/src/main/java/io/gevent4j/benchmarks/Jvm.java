package io.gevent4j.benchmarks;

/** JVM flags shared by every benchmark fork. */
final class Jvm {
    /** gevent4j installs its hub as a virtual-thread scheduler through a package-private JDK constructor. */
    static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    private Jvm() {}
}
