package io.gevent4j.monkey.patches;

import io.gevent4j.Cooperative;
import io.gevent4j.Gevent;
import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import net.bytebuddy.asm.Advice;

/**
 * Agent option {@code main}: the application's {@code public static void main(String[])} runs as the
 * root greenlet of the main thread's hub, so an unmodified program gets the whole effect (every
 * patched call it makes cooperates, and greenlets it spawns run while it blocks).
 *
 * <p>How: at {@code premain} the main class is named by {@code sun.java.command} (its first word; for
 * {@code -jar app.jar} the {@code Main-Class} of that jar's manifest; for {@code -m mod/cls} the part
 * after the slash). Advice on that class's {@code main} runs, on the first call made on the JVM's
 * {@code main} thread outside a greenlet: {@code Gevent.run(() -> main(args))}, re-entering
 * {@code main} inside the greenlet (where the advice stands aside), and then skips the original body.
 * Whatever {@code main} throws is rethrown unchanged on the main thread, so the JVM reports it as
 * usual. When {@code main} returns, its greenlet is dead; greenlets it spawned and did not join are
 * abandoned, as in gevent when the main greenlet ends. Not supported: instance {@code main} methods
 * (JEP 512), a {@code main} that is not public, and single-file source launch; then {@code main} runs
 * as usual.
 *
 * <p>Applied only when named ({@code -javaagent:...=main}): {@link #byDefault()} is false. The advice is
 * inlined into the application's class, which sees this one.
 */
public final class MainPatch implements Patch {
    private static final AtomicBoolean RAN = new AtomicBoolean();

    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public MainPatch() {}

    @Override
    public String name() {
        return "main";
    }

    @Override
    public boolean byDefault() {
        return false;
    }

    /** Weaves the advice into the main class (retransforming it if the launcher loaded it already). */
    @Override
    public void declare(Patching patching) {
        String mainClass = mainClassName(System.getProperty("sun.java.command", ""));
        if (mainClass == null) {
            throw new IllegalStateException("cannot tell the main class from sun.java.command");
        }
        patching.method(mainClass, "main", String[].class).advise(MainAdvice.class);
    }

    /** The main class named by a {@code sun.java.command} value, or null. */
    static String mainClassName(String command) {
        String first = command.strip().split("\\s+", 2)[0];
        if (first.isEmpty()) {
            return null;
        }
        if (first.endsWith(".jar") && new File(first).isFile()) {
            try (JarFile jar = new JarFile(first)) {
                Manifest manifest = jar.getManifest();
                String name =
                        manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
                return name == null ? null : name.strip();
            } catch (IOException e) {
                return null;
            }
        }
        if (first.endsWith(".java")) {
            return null; // source launcher
        }
        int slash = first.indexOf('/');
        return slash >= 0 ? first.substring(slash + 1) : first;
    }

    static final class MainAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Origin Class<?> type, @Advice.Argument(0) String[] args) throws Throwable {
            return MainPatch.runAsRootGreenlet(type, args);
        }
    }

    /**
     * Runs {@code type.main(args)} as a greenlet of the main thread's hub and returns true, or returns
     * false (the original body runs) when this is not the program's first call of {@code main} on the
     * main thread, or that {@code main} is not a public static method.
     *
     * @param type the class whose {@code main} is starting
     * @param args the arguments {@code main} was called with
     * @return true when {@code main} ran here (its original body must then be skipped)
     * @throws Throwable what {@code main} threw, unchanged
     */
    public static boolean runAsRootGreenlet(Class<?> type, String[] args) throws Throwable {
        Thread t = Thread.currentThread();
        if (Cooperative.inGreenlet()
                || t.isVirtual()
                || !"main".equals(t.getName())
                || !RAN.compareAndSet(false, true)) {
            return false;
        }
        MethodHandle main;
        try {
            main = MethodHandles.publicLookup()
                    .findStatic(type, "main", MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return false; // an instance main, or one the launcher alone may call
        }
        Throwable[] failure = new Throwable[1];
        Gevent.run(() -> {
            try {
                main.invokeExact(args);
            } catch (Throwable e) {
                failure[0] = e; // rethrown below, once, as the JDK would report it
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return true;
    }
}
