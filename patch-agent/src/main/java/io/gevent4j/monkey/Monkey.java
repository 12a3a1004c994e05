package io.gevent4j.monkey;

import io.gevent4j.monkey.agent.Agent;
import io.gevent4j.monkey.agent.Patches;
import java.lang.instrument.Instrumentation;
import java.util.LinkedHashSet;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * gevent's {@code monkey.patch_all()} for the JVM: makes the JDK's blocking calls cooperative inside
 * greenlets, so code written with no knowledge of gevent4j yields to the hub where it would block.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Monkey.patchAll();                       // first thing
 *     Gevent.run(() -> legacyServer.serve());  // Thread.sleep, file reads, DNS... now yield
 * }
 * }</pre>
 *
 * <p>Outside a greenlet (and off a hub's own thread) every patched call runs the JDK's code unchanged.
 * Patches: {@code time} ({@code Thread.sleep} on the hub's timer), {@code socket} (a greenlet's socket
 * waits on its hub's own epoll set; sockets are cooperative without it on JDK 25, measured, and expected
 * so on JDK 21-24, not measured), {@code dns} ({@code InetAddress} look-ups on the hub's thread
 * pool), {@code io} ({@code FileInputStream} and {@code RandomAccessFile} reads on the thread pool),
 * {@code process} ({@code ProcessBuilder.start} and process streams on the thread pool), {@code thread}
 * (threads and {@code Executors} pool workers started from hub code run as greenlets of that hub; the
 * program's {@code Thread} objects keep working), and those of libraries and applications, found on
 * the class path ({@link io.gevent4j.monkey.spi.Patch}). See docs/AGENT.md.
 *
 * <p>Without {@code -javaagent}, the first call attaches the agent to the running JVM (Byte Buddy's
 * self-attach), which makes JDK 21+ print a warning unless the JVM runs with
 * {@code -XX:+EnableDynamicAgentLoading}. Patching late still works: loaded classes are retransformed.
 * Every method is idempotent and thread-safe, and none throws a checked exception.
 */
public final class Monkey {
    private Monkey() {}

    /** Applies every patch applied by default (the agent's, but {@code main}, and those found on the class path). */
    public static void patchAll() {
        patchAll((String) null);
    }

    /**
     * Applies the named patches not yet applied: a comma-separated subset of {@code time, socket, dns,
     * io, process, thread} and the names of patches found on the class path, or {@code all}; a name
     * with a leading {@code -} leaves that patch out ({@code "-thread"}: all but {@code thread}). Null,
     * blank, or exclusions only: all. {@code thread.exclude=entries} names threads the {@code thread}
     * patch leaves as platform threads (package prefixes ending in {@code .}, class names, and
     * {@code name:}<i>prefix</i>, separated by {@code |}; see docs/AGENT.md).
     *
     * @param options the patches' names, as the agent's option string
     * @throws IllegalArgumentException for an unknown name, or {@code main}
     * @throws IllegalStateException if the agent cannot attach to this JVM (see the cause)
     */
    public static void patchAll(String options) {
        Patches.Selection selection = Patches.select(options, Patches.discover());
        if (selection.named().contains("main")) {
            throw new IllegalArgumentException("'main' is an option of -javaagent only: main is running already");
        }
        Agent.install(instrumentation(), selection);
    }

    /**
     * As {@link #patchAll(String)} for a collection of names.
     *
     * @param patches the names, each as one element of the option string
     * @throws IllegalArgumentException for an unknown name, or {@code main}
     * @throws IllegalStateException if the agent cannot attach to this JVM
     */
    public static void patchAll(List<String> patches) {
        patchAll(String.join(",", new LinkedHashSet<>(patches)));
    }

    /**
     * Whether patch {@code name} ({@code time}, {@code socket}, {@code dns}, {@code io}, {@code process},
     * {@code thread}, or one found on the class path) is in place.
     *
     * @param name a patch's name, in any case
     * @return false for a name not applied, or whose patch failed (for a name several patches share,
     *         false unless all of those applied are in place)
     */
    public static boolean isPatched(String name) {
        return Agent.isPatched(name);
    }

    /**
     * The patches in place, in the order they were applied.
     *
     * @return their names, each once
     */
    public static List<String> patched() {
        return Agent.patchedNames();
    }

    private static Instrumentation instrumentation() {
        Instrumentation inst = Agent.instrumentation();
        if (inst != null) {
            return inst; // loaded with -javaagent, or attached before
        }
        try {
            return ByteBuddyAgent.install();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "gevent4j cannot attach its agent to this JVM (a JRE without "
                            + "jdk.attach, or -XX:+DisableAttachMechanism?). Start it with "
                            + "-javaagent:gevent4j-patch-agent.jar instead.",
                    e);
        }
    }
}
