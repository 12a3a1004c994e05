package io.gevent4j.monkey.agent;

import io.gevent4j.Cooperative;
import io.gevent4j.internal.Report;
import io.gevent4j.monkey.Monkey;
import io.gevent4j.monkey.patches.ThreadExclusions;
import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.weave.Weaver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The agent proper (Java 21+): opens {@code java.lang} to gevent4j-core, places the bootstrap bridge
 * ({@code io.gevent4j.monkey.bridge.Bridge}) in the bootstrap class loader with the agent's linker
 * ({@code weave.Sites}) behind it, and applies the patches {@link Patches} selects, each through a
 * {@link Weaver}. Reached from {@link Launcher} (the {@code -javaagent} entry
 * points) or from {@link Monkey#patchAll} (self-attach). Every entry point is idempotent.
 */
public final class Agent {
    private static final String BRIDGE = "io.gevent4j.monkey.bridge.Bridge";
    private static final String HANDLER = BRIDGE + "$Handler";
    /** The agent's side of the bridge; it implements {@link #HANDLER}, so it is loaded only once that is in place. */
    private static final String SITES = "io.gevent4j.monkey.weave.Sites";
    /** Where the packaged jar keeps the bridge's classes, out of the application class loader's reach. */
    private static final String BRIDGE_HIDDEN = "META-INF/gevent4j/bridge/";

    private static Instrumentation instrumentation;
    /** {@code Bridge.bootstrap}, once the bridge is in place. */
    private static Method bootstrap;
    /** Patches applied or given up, by class: their name and whether they are in place. */
    private static final Map<String, Applied> APPLIED = new LinkedHashMap<>();

    private record Applied(String name, boolean ok) {}

    private Agent() {}

    /**
     * The {@code -javaagent} entry, reached through {@link Launcher}: applies the patches the options select.
     *
     * @param options the text after {@code =} in {@code -javaagent:jar=options}, or null
     * @param inst    the JVM's instrumentation
     * @throws IllegalArgumentException for an option that names no patch
     */
    public static void premain(String options, Instrumentation inst) {
        start(options, inst);
    }

    /**
     * The entry of an agent loaded into a running JVM, reached through {@link Launcher}: as {@link #premain}.
     *
     * @param options the agent's options, or null
     * @param inst    the JVM's instrumentation
     * @throws IllegalArgumentException for an option that names no patch
     */
    public static void agentmain(String options, Instrumentation inst) {
        start(options, inst);
    }

    private static void start(String options, Instrumentation inst) {
        install(inst, Patches.select(options, Patches.discover()));
    }

    /**
     * The instrumentation the agent was started or installed with.
     *
     * @return it, or null before the agent's first start
     */
    public static synchronized Instrumentation instrumentation() {
        return instrumentation;
    }

    /**
     * Whether every patch named {@code name} that was applied is in place (and one was).
     *
     * @param name a patch's name, in any case
     * @return false for a name never applied, or one a patch of which failed
     */
    public static synchronized boolean isPatched(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<Applied> named =
                APPLIED.values().stream().filter(a -> a.name().equals(n)).toList();
        return !named.isEmpty() && named.stream().allMatch(Applied::ok);
    }

    /**
     * The names of the patches in place, in the order they were applied.
     *
     * @return a new list, each name once
     */
    public static synchronized List<String> patchedNames() {
        List<String> names = new ArrayList<>();
        for (Applied a : APPLIED.values()) {
            if (!names.contains(a.name()) && isPatched(a.name())) {
                names.add(a.name());
            }
        }
        return names;
    }

    /**
     * Applies the selected patches not applied yet. A patch whose requirements are unmet is left out
     * (said in one line if the options named it) and asked again next time; one that fails is said in
     * one line and never tried again. Never throws: a bridge that cannot be installed is said in one
     * line and nothing is patched.
     *
     * @param inst      the JVM's instrumentation; only the first call's is kept
     * @param selection what to apply, from {@link Patches#select}
     */
    public static synchronized void install(Instrumentation inst, Patches.Selection selection) {
        if (instrumentation == null) {
            instrumentation = inst;
            quietByteBuddy();
            openJavaLangToCore(inst);
        }
        if (bootstrap == null) {
            try {
                bootstrap = installBridge(inst);
            } catch (Throwable e) {
                log("the bootstrap bridge could not be installed, nothing is patched: " + e);
                return;
            }
        }
        ThreadExclusions.add(selection.settings().get("thread.exclude")); // reads the system property too
        for (Patch patch : selection.patches()) {
            String key = patch.getClass().getName();
            ClassLoader loader = patch.getClass().getClassLoader();
            if (APPLIED.containsKey(key)) {
                continue;
            }
            Optional<String> unmet;
            try {
                unmet = patch.requires().unmet(loader);
            } catch (Throwable e) {
                unmet = Optional.of("what it requires (" + e + ")");
            }
            if (unmet.isPresent()) { // left out, not given up: asked again next time
                if (selection.named().contains(patch.name())) {
                    log("patch '" + patch.name() + "' needs " + unmet.get() + ", it is left out");
                }
                continue;
            }
            boolean ok = false;
            try {
                Weaver weaver = new Weaver(patch.name(), inst, loader, bootstrap);
                patch.declare(weaver);
                weaver.weave();
                ok = true;
            } catch (Throwable e) {
                log("patch '" + patch.name() + "' failed, its calls run unpatched: " + e);
            }
            APPLIED.put(key, new Applied(patch.name(), ok));
        }
    }

    /** One line for the user: on the {@code io.gevent4j.monkey} logger, stderr unless a logging framework takes it. */
    static void log(String line) {
        Report.warning(Report.AGENT, "gevent4j: " + line);
    }

    /**
     * Shading relocates Byte Buddy's own property names with its packages; set the relocated
     * {@code net.bytebuddy.safe} so Byte Buddy leaves {@code sun.misc.Unsafe} alone (no JDK 24+ warnings).
     */
    private static void quietByteBuddy() {
        String property = net.bytebuddy.ByteBuddy.class.getPackageName() + ".safe";
        if (System.getProperty(property) == null) {
            System.setProperty(property, "true");
        }
    }

    /**
     * What {@code --add-opens java.base/java.lang=<gevent4j-core>} would do, so no flag is needed; the
     * agent's own module too (the thread patch reads a few fields of {@code Thread}).
     */
    private static void openJavaLangToCore(Instrumentation inst) {
        Module javaBase = Object.class.getModule();
        for (Module m : List.of(Cooperative.class.getModule(), Agent.class.getModule())) {
            if (!javaBase.isOpen("java.lang", m)) {
                inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(m)), Set.of(), Map.of());
            }
        }
    }

    /** Places the bridge in the bootstrap loader with the agent's linker behind it; returns {@code Bridge.bootstrap}. */
    private static Method installBridge(Instrumentation inst) throws Exception {
        Class<?> bridge;
        try {
            bridge = Class.forName(BRIDGE, false, null);
        } catch (ClassNotFoundException absent) {
            bridge = defineInBootstrap(inst);
        }
        Class<?> handler = Class.forName(HANDLER, false, null);
        if (bridge.getClassLoader() != null || handler.getClassLoader() != null) {
            throw new IllegalStateException(BRIDGE + " was loaded outside the bootstrap class loader");
        }
        // Code woven into java.base classes calls the bridge: java.base must read its module.
        Module javaBase = Object.class.getModule();
        if (!javaBase.canRead(bridge.getModule())) {
            inst.redefineModule(javaBase, Set.of(bridge.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
        // Load and initialise what a patched call needs now, on both kinds of thread, not inside the first
        // patched call (where loading a class reads a jar, which is a patched call).
        ClassLoader core = Cooperative.class.getClassLoader();
        for (String name : List.of(
                "io.gevent4j.VirtualThreads",
                "io.gevent4j.Greenlet",
                "io.gevent4j.Hub",
                "io.gevent4j.Strand",
                "io.gevent4j.Waiter",
                "io.gevent4j.threadpool.ThreadPool")) {
            Class.forName(name, true, core);
        }
        Cooperative.applies();
        // Linking a call site must load nothing either: it may run inside the first read of a jar.
        ClassLoader agent = Agent.class.getClassLoader();
        for (String name : List.of(
                "io.gevent4j.monkey.weave.HubCheck", "io.gevent4j.monkey.weave.Calls", SITES, SITES + "$Call")) {
            Class.forName(name, true, agent);
        }
        Object sites = Class.forName(SITES, true, agent).getConstructor().newInstance();
        bridge.getMethod("install", handler).invoke(null, sites);
        return bridge.getMethod(
                "bootstrap",
                MethodHandles.Lookup.class,
                String.class,
                MethodType.class,
                String.class,
                String.class,
                MethodHandle.class);
    }

    /**
     * Defines the bridge's classes ({@code Bridge$Handler}, then {@code Bridge}) in the bootstrap class
     * loader. First choice: the JDK's internal {@code Unsafe.defineClass} with a null loader (its
     * package exported to this module only, through {@code Instrumentation.redefineModule}), which
     * leaves the JVM's state otherwise untouched. Fallback: {@code appendToBootstrapClassLoaderSearch}
     * on a temporary jar of the two, which works everywhere but makes HotSpot print "Sharing is only
     * supported for boot loader classes because bootstrap classpath has been appended" on stdout and
     * turns class-data sharing off for application classes.
     */
    private static Class<?> defineInBootstrap(Instrumentation inst) throws Exception {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : List.of(HANDLER, BRIDGE)) {
            classes.put(name, bridgeBytes(name.replace('.', '/') + ".class"));
        }
        try {
            Module javaBase = Object.class.getModule();
            Module self = Agent.class.getModule();
            if (!javaBase.isExported("jdk.internal.misc", self)) {
                inst.redefineModule(
                        javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(self)), Map.of(), Set.of(), Map.of());
            }
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            Method define = unsafeClass.getMethod(
                    "defineClass",
                    String.class,
                    byte[].class,
                    int.class,
                    int.class,
                    ClassLoader.class,
                    java.security.ProtectionDomain.class);
            Class<?> defined = null;
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                byte[] bytes = c.getValue();
                defined = (Class<?>) define.invoke(unsafe, c.getKey(), bytes, 0, bytes.length, null, null);
            }
            return defined;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Path jar = Files.createTempFile("gevent4j-bridge-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream zip = new JarOutputStream(out)) {
                for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                    zip.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                    zip.write(c.getValue());
                    zip.closeEntry();
                }
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            return Class.forName(BRIDGE, true, null);
        }
    }

    private static byte[] bridgeBytes(String resource) throws IOException {
        ClassLoader loader = Agent.class.getClassLoader();
        InputStream in = loader.getResourceAsStream(BRIDGE_HIDDEN + resource);
        if (in == null) {
            in = loader.getResourceAsStream(resource); // unpackaged classes (the module's own tests)
        }
        if (in == null) {
            throw new IllegalStateException("the agent jar lacks " + BRIDGE_HIDDEN + resource);
        }
        try (InputStream stream = in;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            stream.transferTo(bytes);
            return bytes.toByteArray();
        }
    }
}
