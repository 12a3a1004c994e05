package io.gevent4j.monkey.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * The agent jar's {@code Premain-Class}, {@code Agent-Class} and {@code Launcher-Agent-Class}.
 *
 * <p>Compiled for Java 8 bytecode in a compiler execution of its own, and touching nothing but
 * {@code java.base} before it has checked the runtime version: on a JVM older than 21 it prints one
 * warning line and returns, so the application runs unpatched instead of failing with an
 * {@code UnsupportedClassVersionError}. On 21+ it hands over, by reflection, to
 * {@code io.gevent4j.monkey.agent.Agent}.
 */
public final class Launcher {
    static final int REQUIRED = 21;
    private static final String AGENT = "io.gevent4j.monkey.agent.Agent";

    private Launcher() {}

    /**
     * The {@code -javaagent} entry (also {@code Launcher-Agent-Class}). Never throws: on a JVM older
     * than 21, or when the agent fails to start, it says so in one line and the application runs unpatched.
     *
     * @param options the agent's options, or null
     * @param inst    the JVM's instrumentation
     */
    public static void premain(String options, Instrumentation inst) {
        start("premain", options, inst);
    }

    /**
     * The entry of an agent loaded into a running JVM: as {@link #premain}.
     *
     * @param options the agent's options, or null
     * @param inst    the JVM's instrumentation
     */
    public static void agentmain(String options, Instrumentation inst) {
        start("agentmain", options, inst);
    }

    private static void start(String entry, String options, Instrumentation inst) {
        int version = featureVersion(System.getProperty("java.specification.version", "0"));
        if (version < REQUIRED) {
            System.err.println("gevent4j: the patch agent needs Java " + REQUIRED + " or newer, this is Java "
                    + System.getProperty("java.specification.version") + "; the application runs unpatched.");
            return;
        }
        try {
            Class.forName(AGENT, true, Launcher.class.getClassLoader())
                    .getMethod(entry, String.class, Instrumentation.class)
                    .invoke(null, options, inst);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            System.err.println(
                    "gevent4j: the patch agent failed to start (" + cause + "); the application runs unpatched.");
        } catch (Throwable e) {
            System.err.println(
                    "gevent4j: the patch agent failed to start (" + e + "); the application runs unpatched.");
        }
    }

    /** "1.8" → 8, "17" → 17, "25" → 25. */
    static int featureVersion(String spec) {
        try {
            String s = spec.startsWith("1.") ? spec.substring(2) : spec;
            int dot = s.indexOf('.');
            return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
