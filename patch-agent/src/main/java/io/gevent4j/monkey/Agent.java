package io.gevent4j.monkey;

import io.gevent4j.Cooperative;
import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.monkey.patches.ExecutorsPatch;
import io.gevent4j.monkey.patches.FileInputStreamPatch;
import io.gevent4j.monkey.patches.InetAddressPatch;
import io.gevent4j.monkey.patches.MainPatch;
import io.gevent4j.monkey.patches.Patch;
import io.gevent4j.monkey.patches.ProcessPatch;
import io.gevent4j.monkey.patches.RandomAccessFilePatch;
import io.gevent4j.monkey.patches.SocketPatch;
import io.gevent4j.monkey.patches.ThreadPatch;
import io.gevent4j.monkey.patches.ThreadSleepPatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The agent proper (Java 21+): opens {@code java.lang} to gevent4j-core, places the
 * {@link Bridge} in the bootstrap class loader, and applies the patches. Reached from
 * {@code io.gevent4j.monkey.agent.Launcher} (the {@code -javaagent} entry points) or from
 * {@link Monkey#patchAll} (self-attach). Every entry point is idempotent.
 */
public final class Agent {
    /** Patch names, in the order they are applied. */
    static final List<String> ALL = List.of("time", "socket", "dns", "io", "process", "thread");

    private static final String BRIDGE = "io.gevent4j.monkey.bridge.Bridge";
    private static final String BRIDGE_RESOURCE = "io/gevent4j/monkey/bridge/Bridge.class";
    /** Where the packaged jar keeps the bridge, out of the application class loader's reach. */
    private static final String BRIDGE_HIDDEN = "META-INF/gevent4j/bridge/" + BRIDGE_RESOURCE;

    private static Instrumentation instrumentation;
    private static boolean bridgeReady;
    private static final Map<String, Boolean> PATCHED = new LinkedHashMap<>();
    private static boolean mainPatched;

    private Agent() {}

    public static void premain(String options, Instrumentation inst) {
        start(options, inst);
    }

    public static void agentmain(String options, Instrumentation inst) {
        start(options, inst);
    }

    private static void start(String options, Instrumentation inst) {
        Set<String> wanted = parse(options);
        boolean main = wanted.remove("main");
        if (wanted.isEmpty()) {
            wanted.addAll(ALL);
        }
        install(inst, wanted);
        if (main) {
            synchronized (Agent.class) {
                if (!mainPatched) {
                    mainPatched = true;
                    try {
                        MainPatch.install(inst);
                    } catch (Throwable e) {
                        log("patch 'main' failed, main runs on the main thread as usual: " + e);
                    }
                }
            }
        }
    }

    static synchronized Instrumentation instrumentation() {
        return instrumentation;
    }

    static synchronized boolean isPatched(String name) {
        return Boolean.TRUE.equals(PATCHED.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Parses "time,dns" (also ';' '+' or blanks as separators); unknown names are rejected. */
    static Set<String> parse(String options) {
        Set<String> names = new LinkedHashSet<>();
        if (options == null || options.isBlank()) {
            return names;
        }
        for (String raw : options.split("[,;+\\s]+")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                names.addAll(ALL);
            } else if (ALL.contains(name) || name.equals("main")) {
                names.add(name);
            } else {
                throw new IllegalArgumentException("unknown gevent4j patch '" + raw + "'; known: " + ALL + " and main");
            }
        }
        return names;
    }

    /** Applies the patches in {@code wanted} not applied yet. A patch that fails is logged and skipped. */
    static synchronized void install(Instrumentation inst, Set<String> wanted) {
        if (instrumentation == null) {
            instrumentation = inst;
            quietByteBuddy();
            openJavaLangToCore(inst);
        }
        if (!bridgeReady) {
            try {
                installBridge(inst);
                bridgeReady = true;
            } catch (Throwable e) {
                log("the bootstrap bridge could not be installed, nothing is patched: " + e);
                return;
            }
        }
        for (String name : ALL) {
            if (!wanted.contains(name) || PATCHED.containsKey(name)) {
                continue;
            }
            boolean ok;
            try {
                patch(name).install(inst);
                ok = true;
            } catch (Throwable e) {
                log("patch '" + name + "' failed, its calls stay blocking: " + e);
                ok = false;
            }
            PATCHED.put(name, ok);
        }
    }

    private static Patch patch(String name) {
        return switch (name) {
            case "time" -> new ThreadSleepPatch();
            case "socket" -> new SocketPatch();
            case "dns" -> new InetAddressPatch();
            case "io" -> new FileInputStreamPatch().and(new RandomAccessFilePatch());
            case "process" -> new ProcessPatch();
            case "thread" -> new ThreadPatch().and(new ExecutorsPatch());
            default -> throw new IllegalArgumentException(name);
        };
    }

    static void log(String line) {
        System.err.println("gevent4j: " + line);
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

    private static void installBridge(Instrumentation inst) throws Exception {
        Class<?> bridge;
        try {
            bridge = Class.forName(BRIDGE, false, null);
        } catch (ClassNotFoundException absent) {
            bridge = defineInBootstrap(inst, bridgeBytes());
        }
        if (bridge.getClassLoader() != null) {
            throw new IllegalStateException(BRIDGE + " was loaded outside the bootstrap class loader");
        }
        // Advice inlined into java.base classes calls the bridge: java.base must read its module.
        Module javaBase = Object.class.getModule();
        if (!javaBase.canRead(bridge.getModule())) {
            inst.redefineModule(javaBase, Set.of(bridge.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
        // Load and initialise what the check needs now, on both kinds of thread, not inside the first
        // advised call (where loading a class reads a jar, which is an advised call).
        ClassLoader core = Cooperative.class.getClassLoader();
        for (String name : List.of("io.gevent4j.VirtualThreads", "io.gevent4j.Greenlet", "io.gevent4j.Hub",
                "io.gevent4j.Strand", "io.gevent4j.Waiter", "io.gevent4j.threadpool.ThreadPool")) {
            Class.forName(name, true, core);
        }
        Cooperative.applies();
        BooleanSupplier applies = Cooperative::applies;
        BiFunction<Integer, Object[], Object> handler = Agent::dispatch;
        bridge.getMethod("install", BooleanSupplier.class, BiFunction.class).invoke(null, applies, handler);
    }

    /**
     * Defines the bridge in the bootstrap class loader. First choice: the JDK's internal
     * {@code Unsafe.defineClass} with a null loader (its package exported to this module only, through
     * {@code Instrumentation.redefineModule}), which leaves the JVM's state otherwise untouched. Fallback:
     * {@code appendToBootstrapClassLoaderSearch} on a one-class temporary jar, which works everywhere but
     * makes HotSpot print "Sharing is only supported for boot loader classes because bootstrap classpath
     * has been appended" on stdout and turns class-data sharing off for application classes.
     */
    private static Class<?> defineInBootstrap(Instrumentation inst, byte[] bytes) throws Exception {
        try {
            Module javaBase = Object.class.getModule();
            Module self = Agent.class.getModule();
            if (!javaBase.isExported("jdk.internal.misc", self)) {
                inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(self)), Map.of(), Set.of(), Map.of());
            }
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            return (Class<?>) unsafeClass
                    .getMethod("defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class,
                            java.security.ProtectionDomain.class)
                    .invoke(unsafe, BRIDGE, bytes, 0, bytes.length, null, null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Path jar = Files.createTempFile("gevent4j-bridge-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
                zip.putNextEntry(new JarEntry(BRIDGE_RESOURCE));
                zip.write(bytes);
                zip.closeEntry();
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            return Class.forName(BRIDGE, true, null);
        }
    }

    private static byte[] bridgeBytes() throws IOException {
        ClassLoader loader = Agent.class.getClassLoader();
        InputStream in = loader.getResourceAsStream(BRIDGE_HIDDEN);
        if (in == null) {
            in = loader.getResourceAsStream(BRIDGE_RESOURCE); // unpackaged classes (the module's own tests)
        }
        if (in == null) {
            throw new IllegalStateException("the agent jar lacks " + BRIDGE_HIDDEN);
        }
        try (InputStream stream = in; ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            stream.transferTo(bytes);
            return bytes.toByteArray();
        }
    }

    /** The agent side of {@link Bridge#call}. */
    private static Object dispatch(Integer op, Object[] args) {
        return switch (op) {
            case Bridge.SLEEP_NANOS -> ThreadSleepPatch.sleep(args);
            case Bridge.FILE_READ -> FileInputStreamPatch.read(args);
            case Bridge.RANDOM_ACCESS_READ -> RandomAccessFilePatch.read(args);
            case Bridge.DNS -> InetAddressPatch.lookup(args);
            case Bridge.THREAD -> ThreadPatch.call(args);
            case Bridge.EXECUTORS -> ExecutorsPatch.call(args);
            case Bridge.PROCESS_START -> ProcessPatch.start(args);
            default -> Bridge.NOT_HANDLED;
        };
    }

    static List<String> patchedNames() {
        synchronized (Agent.class) {
            List<String> names = new ArrayList<>();
            PATCHED.forEach((k, v) -> {
                if (v) {
                    names.add(k);
                }
            });
            return names;
        }
    }
}
