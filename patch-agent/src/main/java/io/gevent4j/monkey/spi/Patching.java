package io.gevent4j.monkey.spi;

/**
 * What a {@link Patch} can say, handed to {@link Patch#declare}. A patch names methods and says what
 * becomes of their calls in hub code, that is, in a greenlet or on a hub's own platform thread:
 * <ul>
 *   <li>{@link Method#offload()}: the call runs on the hub's thread pool while the caller waits
 *   cooperatively (gevent's threadpool). For a blocking call whose inside cannot be changed: a native
 *   call, a read that pins the carrier.</li>
 *   <li>{@link Method#redirectTo}: a static method of the patch runs instead, the hub-aware way (a
 *   library's own wait replaced by a wait on the hub, as psycogreen replaces psycopg's).</li>
 * </ul>
 * Everywhere else (a plain platform thread, a virtual thread that is no greenlet, a pool thread) the
 * method runs as it always did. These two words need nothing but the JDK and this package to compile.
 *
 * <p>The agent's own patches that need more use {@link Method#advise}, which takes Byte Buddy advice.
 */
public interface Patching {
    /**
     * The method {@code name} of class {@code type} (its binary name, as {@code Class.getName()}
     * gives it) whose parameters are exactly {@code parameterTypes}, static or not. The class need not
     * be loaded yet: it is patched when it is, and if it is loaded already it is patched at once. A
     * method that {@code type} does not declare makes the patch fail.
     *
     * @param type           the binary name of the declaring class
     * @param name           the method's name
     * @param parameterTypes the method's parameter types, exactly
     * @return the declared method, to say what becomes of its calls
     */
    Method method(String type, String name, Class<?>... parameterTypes);

    /**
     * Opens package {@code packageName} of the JDK module that holds it to the module of {@code to}, as
     * {@code --add-opens} would, for a patch whose hub-aware code reads JDK internals. Takes effect at
     * once.
     *
     * @param packageName a package of a JDK module, e.g. {@code sun.nio.ch}
     * @param to          a class of the module the package is opened to
     * @throws IllegalArgumentException if no module of the boot layer holds that package
     */
    void openPackage(String packageName, Class<?> to);

    /** One declared method: say what becomes of its calls in hub code, once. */
    interface Method {
        /**
         * In hub code, the call runs on a thread of the hub's pool
         * ({@code io.gevent4j.threadpool.ThreadPool}) while the caller waits: a greenlet parks, a hub's
         * own thread runs its hub. The pool thread calls this very method (not an override), where the
         * patch stands aside, so the result and every exception are the method's own. A kill or
         * {@code Timeout} of the caller ends the wait; the pool thread's call still runs to its end, and
         * what it returns then is released, since nobody else will: a {@code Process} is destroyed and
         * its pipes closed, anything else {@code AutoCloseable} closed. If the call had finished when the
         * kill came, the caller gets its result and the kill is raised at its next blocking point.
         *
         * <p>An instance method whose caller holds the object's monitor runs inline (the pool thread
         * would need that monitor): a {@code synchronized} method is therefore never offloaded.
         *
         * @return the offloaded method, to keep some of its calls inline
         */
        Offload offload();

        /**
         * In hub code, the call runs {@code owner}'s static method {@code name} instead and returns what
         * it returns; what it throws (checked exceptions included) is thrown to the caller. Its
         * parameters are the object called on, for an instance method, then the method's own; each may
         * be a supertype of the one it stands for ({@code Object} for a class the patch cannot name);
         * its return type is the method's (or {@code void}). The agent checks this when the class is
         * patched and fails the patch otherwise.
         *
         * <p>The target runs in hub code: calling the patched method from it would call the target
         * again. To run the original, use {@link #offload()}.
         *
         * @param owner the class declaring the target, loaded by the patch's class loader or an ancestor
         * @param name  the target's name
         */
        void redirectTo(Class<?> owner, String name);

        /**
         * The agent's own form, for what offload and redirect cannot say (a socket's wait, a thread's
         * state): weaves {@code advice}, one class with its enter and exit methods or an enter class and
         * an exit class, written with Byte Buddy's {@code @Advice} annotations as relocated in the agent
         * jar ({@code io.gevent4j.monkey.shaded.bytebuddy.asm.Advice}). An advice method marked
         * {@code inline = false} is called through the bootstrap bridge (it may use any class of its
         * own class loader and return a value assigned with {@code @Advice.AssignReturned.ToReturned});
         * inlined advice is copied into the patched method and may use only classes that method sees.
         *
         * <p>Not a stable API for other code: the relocated names follow the Byte Buddy version the
         * agent ships. A patch outside gevent4j should offload or redirect.
         *
         * @param advice the advice class, or the enter class then the exit class
         */
        void advise(Class<?>... advice);
    }

    /** An offloaded method, which may keep some calls inline. */
    interface Offload {
        /**
         * Calls for which {@code owner}'s static method {@code name} returns true run inline (for
         * calls that cannot block, e.g. a zero-length read). It takes the parameters a
         * {@linkplain Method#redirectTo redirect target} takes and returns {@code boolean}.
         *
         * @param owner the class declaring the test
         * @param name  the test's name
         * @return this offload
         */
        Offload unless(Class<?> owner, String name);
    }
}
