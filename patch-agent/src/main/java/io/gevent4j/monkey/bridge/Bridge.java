package io.gevent4j.monkey.bridge;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The only gevent4j code in the bootstrap class loader: the bootstrap method of every call the agent
 * weaves into a patched class, and the interface through which the agent answers it.
 *
 * <p>A patched JDK method ({@code Thread.sleep}, {@code sun.nio.ch.Poller.poll}, ...) can only see
 * bootstrap classes, so the agent does not weave calls to its own classes there. It weaves an
 * {@code invokedynamic} instead, typed as the patch's own static method, whose bootstrap method is
 * {@link #bootstrap}. On the first call of that site, the JVM asks the installed {@link Handler} for
 * the method to run, and the site then calls it for good (a {@link ConstantCallSite}): a direct, typed
 * call the JIT inlines, with no argument array and no further look-up.
 *
 * <p>This class reaches the JVM only through the agent, which defines it (and {@link Handler}) in the
 * bootstrap loader; the agent jar stores both under {@code META-INF/gevent4j/bridge/}, never at their
 * class path location, so the application class loader cannot load second copies. It depends on
 * {@code java.base} only.
 */
public final class Bridge {
    /** The agent's side: what a woven call site runs. Implemented in the application class loader. */
    public interface Handler {
        /**
         * The method handle the call site named {@code name} of type {@code type} runs from now on, or
         * null to leave the patched method as it was.
         *
         * @param caller   the patched class's own lookup
         * @param name     the name of the woven call (the advice method's)
         * @param type     the woven call's type
         * @param advice   the binary name of the class that declared the woven call (the patch's advice)
         * @param site     the patched method, as {@code type.name(descriptor)}
         * @param original a handle to the patched method itself (not virtual: exactly that body)
         * @return the target, of a type {@code asType} converts to {@code type}, or null
         */
        MethodHandle link(
                MethodHandles.Lookup caller,
                String name,
                MethodType type,
                String advice,
                String site,
                MethodHandle original);
    }

    /**
     * How deep the current virtual thread is in class loads ({@code ClassLoader.loadClass}), counted by
     * advice inlined in {@code ClassLoader}, which sees bootstrap classes only (so the count lives here);
     * unset on other threads and before a virtual thread's first class load. A class is mostly loaded
     * with native frames on the stack (the VM asks the loader), so a greenlet reading a class file is
     * pinned: the agent then keeps the read inline.
     */
    public static final ThreadLocal<int[]> CLASS_LOADING = new ThreadLocal<>();

    private static volatile Handler handler;

    private Bridge() {}

    /**
     * Called once by the agent (reflectively, from the application class loader). Call sites linked
     * before it run their patched methods unchanged for good.
     *
     * @param h the agent's linker
     */
    public static void install(Handler h) {
        handler = h;
    }

    /**
     * The bootstrap method of every woven call site. It never throws: a site that cannot be linked does
     * nothing and answers the default value of its type (false, 0, null), which the woven code reads as
     * "run the patched method as it was".
     *
     * @param caller   the patched class's own lookup, given by the JVM
     * @param name     the name of the woven call
     * @param type     the woven call's type
     * @param advice   the binary name of the class that declared the woven call
     * @param site     the patched method, for messages
     * @param original a handle to the patched method itself
     * @return a constant call site: the handler's target, or one answering the type's default value
     */
    public static CallSite bootstrap(
            MethodHandles.Lookup caller,
            String name,
            MethodType type,
            String advice,
            String site,
            MethodHandle original) {
        MethodHandle target = null;
        try {
            Handler h = handler;
            target = h == null ? null : h.link(caller, name, type, advice, site, original);
            if (target != null) {
                target = target.asType(type);
            }
        } catch (Throwable e) {
            target = null;
            System.err.println("gevent4j: " + site + " runs unpatched, its call to " + advice + "." + name
                    + " could not be linked: " + e);
        }
        return new ConstantCallSite(target != null ? target : MethodHandles.empty(type));
    }
}
