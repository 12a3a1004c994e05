package io.gevent4j.monkey.weave;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isParentOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.internal.Report;
import io.gevent4j.monkey.spi.Patching;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaConstant;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies one patch: collects what its {@link io.gevent4j.monkey.spi.Patch#declare} says, checks every
 * declared method against the class file (it must exist; a redirect target must fit it), registers the
 * call sites with {@link Sites}, then weaves with Byte Buddy: one transformer for the patch,
 * retransforming the classes already loaded, with no change to any class's shape (advice only, no
 * member added). Any error makes {@link #weave} throw, so the agent reports the patch as failed.
 */
public final class Weaver implements Patching {
    /** Advice already woven, by patched method and advice: a patch declaring it again weaves nothing. */
    private static final Set<String> WOVEN = ConcurrentHashMap.newKeySet();

    private final String patch;
    private final Instrumentation inst;
    private final ClassLoader loader;
    private final java.lang.reflect.Method bootstrap;
    private final List<Declared> declared = new ArrayList<>();
    private volatile boolean installed;

    /**
     * A weaver for one patch; nothing is woven until {@link #weave}.
     *
     * @param patch     the patch's name, for messages
     * @param inst      the agent's instrumentation, which retransforms classes already loaded
     * @param loader    the patch's class loader: declared classes are looked up there, and only
     *                  classes of that loader or its ancestors are patched
     * @param bootstrap {@code Bridge.bootstrap}, of the bridge in the bootstrap loader
     */
    public Weaver(String patch, Instrumentation inst, ClassLoader loader, java.lang.reflect.Method bootstrap) {
        this.patch = patch;
        this.inst = inst;
        this.loader = loader;
        this.bootstrap = bootstrap;
    }

    @Override
    public Patching.Method method(String type, String name, Class<?>... parameterTypes) {
        Declared d = new Declared(type, name, parameterTypes.clone());
        declared.add(d);
        return d;
    }

    @Override
    public void openPackage(String packageName, Class<?> to) {
        Module holder = ModuleLayer.boot().modules().stream()
                .filter(m -> m.getPackages().contains(packageName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no module of the boot layer holds " + packageName));
        Module target = to.getModule();
        if (!holder.isOpen(packageName, target)) {
            inst.redefineModule(holder, Set.of(), Map.of(), Map.of(packageName, Set.of(target)), Set.of(), Map.of());
        }
    }

    /**
     * Weaves everything declared. Every declaration is checked against the class files before anything
     * is woven, so a patch with a bad declaration changes nothing.
     *
     * @throws Exception the first problem met: a declared method or advice target that does not exist
     *                   or does not fit, or a class that cannot be retransformed
     */
    public void weave() throws Exception {
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
        List<Woven> checked = new ArrayList<>();
        for (Declared d : declared) {
            checked.add(d.check(pool)); // everything is checked before anything is registered or woven
        }
        Map<String, List<Woven>> byType = new LinkedHashMap<>();
        for (Woven w : checked) {
            if (w.register()) {
                byType.computeIfAbsent(w.type, t -> new ArrayList<>()).add(w);
            }
        }
        if (byType.isEmpty()) {
            return;
        }
        List<Throwable> errors = new ArrayList<>();
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.RedefinitionStrategy.Listener.ErrorEscalating.FAIL_FAST)
                .ignore(none()) // names only: matching loads nothing
                .assureReadEdgeTo(inst, bootstrap.getDeclaringClass())
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(
                            String typeName,
                            ClassLoader classLoader,
                            JavaModule module,
                            boolean loaded,
                            Throwable throwable) {
                        failed(errors, typeName, throwable);
                    }
                });
        for (Map.Entry<String, List<Woven>> e : byType.entrySet()) {
            List<Woven> woven = e.getValue();
            builder = builder.type(named(e.getKey()), isParentOf(loader))
                    .transform((b, type, classLoader, module, domain) -> {
                        if (woven.stream().anyMatch(Woven::calls)) {
                            checkVersion(type); // throwing leaves the class as it is, and is reported
                        }
                        DynamicType.Builder<?> result = b;
                        for (Woven w : woven) {
                            result = result.visit(w.advice);
                        }
                        return result;
                    });
        }
        builder.installOn(inst);
        synchronized (errors) {
            installed = true;
            if (!errors.isEmpty()) {
                IllegalStateException e =
                        new IllegalStateException("cannot transform " + byType.keySet(), errors.get(0));
                errors.stream().skip(1).forEach(e::addSuppressed);
                throw e;
            }
        }
    }

    /** Before {@link #weave} returns, an error fails the patch; a class loaded later is reported alone. */
    private void failed(List<Throwable> errors, String typeName, Throwable throwable) {
        synchronized (errors) {
            if (!installed) {
                errors.add(throwable);
                return;
            }
        }
        Report.warning(Report.AGENT, "gevent4j: patch '" + patch + "' left " + typeName + " unpatched: " + throwable);
    }

    /**
     * What one declaration weaves into its class: {@code advice}, applied to the method {@code site}
     * unless the same was woven before ({@code key}), with the call it links to ({@code call}, for an
     * offload or redirect) or the handles of its advice methods.
     */
    private record Woven(
            String type,
            String site,
            String key,
            Sites.Call call,
            Map<String, Map<String, MethodHandle>> handles,
            AsmVisitorWrapper advice) {
        /** Whether it weaves calls through the bridge (an offload, a redirect, advice not inlined). */
        boolean calls() {
            return call != null || handles.values().stream().anyMatch(methods -> !methods.isEmpty());
        }

        /** Registers the call sites; false if this was woven already (another patch declared it too). */
        boolean register() {
            if (call != null && !Sites.registerCall(site, call)) {
                return false;
            }
            handles.forEach(Sites::registerAdvice);
            return WOVEN.add(key);
        }
    }

    /** The advice that sends one woven call through the bridge: to an advice class's method, or to an offload or redirect. */
    private Advice.WithCustomMapping mapping() {
        return Advice.withCustomMapping()
                .with(new Advice.AssignReturned.Factory())
                .bootstrap(
                        bootstrap,
                        (adviceMethod, exit) -> (type, method) -> List.of(
                                JavaConstant.Simple.ofLoaded(
                                        adviceMethod.getDeclaringType().getName()),
                                JavaConstant.Simple.ofLoaded(site(type, method)),
                                method.isStatic()
                                        ? JavaConstant.MethodHandle.of(method.asDefined())
                                        : JavaConstant.MethodHandle.ofSpecial(method.asDefined(), type)));
    }

    /**
     * A call through the bridge is an {@code invokedynamic} with a method handle constant, which a class
     * file older than Java 7 cannot hold: the JVM would refuse to load the class.
     */
    private static void checkVersion(TypeDescription type) {
        ClassFileVersion version = type.getClassFileVersion();
        if (version != null && version.isLessThan(ClassFileVersion.JAVA_V7)) {
            throw new IllegalStateException(type.getName() + " is a class file of Java " + version.getJavaVersion()
                    + ": only Java 7 or newer class files can be patched");
        }
    }

    private static String site(TypeDescription type, MethodDescription method) {
        return type.getName() + "." + method.getInternalName() + method.getDescriptor();
    }

    /** One declared method: {@link Patching.Method} until it is said what it becomes, then {@link Patching.Offload}. */
    private final class Declared implements Patching.Method, Patching.Offload {
        final String type;
        final String name;
        final Class<?>[] parameters;
        private String verb;
        private Class<?>[] advice;
        private Class<?> owner;
        private String target;

        Declared(String type, String name, Class<?>[] parameters) {
            this.type = type;
            this.name = name;
            this.parameters = parameters;
        }

        private void say(String what) {
            if (verb != null) {
                throw new IllegalStateException(this + " is declared to " + verb + " already");
            }
            verb = what;
        }

        @Override
        public Patching.Offload offload() {
            say("offload");
            return this;
        }

        @Override
        public Patching.Offload unless(Class<?> owner, String name) {
            if (this.owner != null) {
                throw new IllegalStateException(this + " has an unless already");
            }
            this.owner = owner;
            this.target = name;
            return this;
        }

        @Override
        public void redirectTo(Class<?> owner, String name) {
            say("redirect");
            this.owner = owner;
            this.target = name;
        }

        @Override
        public void advise(Class<?>... advice) {
            if (advice.length < 1 || advice.length > 2) {
                throw new IllegalArgumentException("advise takes one advice class, or an enter and an exit class");
            }
            say("advise");
            this.advice = advice.clone();
        }

        /** Checks the declaration against the class file, and makes what it weaves. */
        Woven check(TypePool pool) throws ReflectiveOperationException {
            if (verb == null) {
                throw new IllegalStateException(this + " is declared, but neither offloaded, redirected nor advised");
            }
            TypePool.Resolution resolution = pool.describe(type);
            if (!resolution.isResolved()) {
                throw new IllegalStateException("no class " + type);
            }
            TypeDescription described = resolution.resolve();
            MethodDescription.InDefinedShape m =
                    described
                            .getDeclaredMethods()
                            .filter(isMethod().and(named(name)).and(takesArguments(parameters)))
                            .stream()
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException(type + " declares no method " + this));
            String site = site(described, m);
            String key = site + " " + verb;
            Map<String, Map<String, MethodHandle>> handles = new LinkedHashMap<>();
            Sites.Call call = null;
            Advice advised;
            if (verb.equals("advise")) {
                for (Class<?> a : advice) {
                    handles.put(a.getName(), Sites.adviceHandles(a));
                    key += " " + a.getName();
                }
                advised =
                        advice.length == 1 ? mapping().to(advice[0]) : mapping().to(advice[0], advice[1]);
            } else {
                call = call(m);
                Sites.checkCall(site, call);
                advised = Calls.enterAdvice(mapping(), m);
            }
            Woven woven = new Woven(
                    type, site, key, call, handles, advised.on(named(name).and(hasDescriptor(m.getDescriptor()))));
            if (woven.calls()) {
                checkVersion(described);
            }
            return woven;
        }

        private Sites.Call call(MethodDescription.InDefinedShape m) throws IllegalAccessException {
            if (verb.equals("redirect")) {
                java.lang.reflect.Method redirect = target(m, null);
                return new Sites.Call(patch, false, handle(redirect), redirect.toString(), m.isStatic(), null);
            }
            if (m.isSynchronized()) {
                throw new IllegalStateException(type + "." + this + " is synchronized: the pool thread would wait for"
                        + " the monitor its caller holds; redirect it, or offload what it calls");
            }
            java.lang.reflect.Method inline = owner == null ? null : target(m, boolean.class);
            return new Sites.Call(
                    patch,
                    true,
                    inline == null ? null : handle(inline),
                    String.valueOf(inline),
                    m.isStatic(),
                    m.getDeclaringType().getSimpleName() + "." + name);
        }

        /**
         * {@link #owner}'s static method {@link #target} that takes what {@code m}'s caller passes (the
         * object called on, then the arguments) and returns {@code returns} (null: what {@code m} returns).
         */
        private java.lang.reflect.Method target(MethodDescription.InDefinedShape m, Class<?> returns) {
            List<TypeDescription> passed = new ArrayList<>();
            if (!m.isStatic()) {
                passed.add(m.getDeclaringType());
            }
            passed.addAll(m.getParameters().asTypeList().asErasures());
            TypeDescription result = m.getReturnType().asErasure();
            for (java.lang.reflect.Method candidate : owner.getDeclaredMethods()) {
                if (candidate.getName().equals(target)
                        && Modifier.isStatic(candidate.getModifiers())
                        && candidate.getParameterCount() == passed.size()
                        && fits(passed, candidate.getParameterTypes())
                        && (returns != null
                                ? candidate.getReturnType() == returns
                                : returnsInto(candidate.getReturnType(), result))) {
                    return candidate;
                }
            }
            String wanted = passed.stream().map(TypeDefinition::getTypeName).collect(Collectors.joining(", "));
            throw new IllegalStateException(owner.getName() + " has no static method " + target + "(" + wanted
                    + ") returning " + (returns != null ? returns.getName() : result.getTypeName())
                    + " (or supertypes of those parameters)");
        }

        private MethodHandle handle(java.lang.reflect.Method target) throws IllegalAccessException {
            return MethodHandles.privateLookupIn(target.getDeclaringClass(), MethodHandles.lookup())
                    .unreflect(target);
        }

        @Override
        public String toString() {
            return name + Arrays.stream(parameters).map(Class::getTypeName).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    private static boolean fits(List<TypeDescription> passed, Class<?>[] accepted) {
        for (int i = 0; i < accepted.length; i++) {
            TypeDescription p = passed.get(i);
            if (accepted[i].isPrimitive() || p.isPrimitive()
                    ? !p.represents(accepted[i])
                    : !p.isAssignableTo(accepted[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean returnsInto(Class<?> returned, TypeDescription expected) {
        return returned.isPrimitive() || expected.isPrimitive()
                ? expected.represents(returned)
                : TypeDescription.ForLoadedType.of(returned).isAssignableTo(expected);
    }
}
