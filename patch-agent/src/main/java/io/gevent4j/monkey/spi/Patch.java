package io.gevent4j.monkey.spi;

/**
 * One cooperative patch: makes some blocking methods yield to the hub when greenlets call them, as
 * psycogreen does for psycopg in gevent. Every patch of the agent is one, and so can a library's or an
 * application's own be, without changing gevent4j.
 *
 * <p>The agent finds patches with {@link java.util.ServiceLoader}: list the implementing class (public,
 * with a public no-argument constructor) in {@code META-INF/services/io.gevent4j.monkey.spi.Patch} of a
 * jar on the application class path. With no option given, the agent applies every patch it finds
 * whose {@link #byDefault()} is true; options select patches by {@link #name()}, and {@code -name}
 * leaves one out ({@code -javaagent:gevent4j-patch-agent.jar=-legacy}, or
 * {@code Monkey.patchAll("-legacy")}).
 *
 * <pre>{@code
 * public final class LegacyClientPatch implements Patch {
 *     public String name() { return "legacy-client"; }
 *
 *     public Requirement requires() { return Requirement.classes("com.acme.LegacyClient"); }
 *
 *     public void declare(Patching patching) {
 *         patching.method("com.acme.LegacyClient", "fetch", String.class).offload();
 *     }
 * }
 * }</pre>
 *
 * <p>A patch that cannot be applied (its {@link #declare} throws, a declared method does not exist, a
 * class cannot be transformed) is reported in one line on standard error and left out; the application
 * runs on. See docs/AGENT.md, "Writing your own patch".
 */
public interface Patch {
    /**
     * The name options select it by: lower-case letters, digits and {@code -}, starting with a letter.
     * Patches may share a name, and are then selected together (the agent's {@code io} is two: one
     * for {@code FileInputStream}, one for {@code RandomAccessFile}).
     *
     * @return the patch's name; the same on every call
     */
    String name();

    /**
     * What must hold for the patch to apply (default: nothing). When it does not, the patch is left
     * out: silently, unless the options named it.
     *
     * @return the requirement, checked before {@link #declare} and again at each later selection while unmet
     */
    default Requirement requires() {
        return Requirement.NONE;
    }

    /**
     * Whether the patch applies when the options name no patch, and with {@code all} (default: true).
     * A patch that says false applies only when named (the agent's {@code main}).
     *
     * @return whether the patch is selected without being named
     */
    default boolean byDefault() {
        return true;
    }

    /**
     * Declares what the patch changes, in {@link Patching}'s terms. Called once, when the patch is
     * applied, after its requirements were checked; nothing is woven until it returns.
     *
     * @param patching where to declare; valid only until this method returns
     * @throws Exception to give the patch up (reported, and nothing it declared is woven)
     */
    void declare(Patching patching) throws Exception;
}
