package io.gevent4j.monkey.weave;

import io.gevent4j.monkey.bridge.Bridge;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.asm.Advice;

/**
 * The agent's side of the bootstrap bridge ({@link Bridge.Handler}): what each woven call site runs.
 * Patches register here, before anything is woven, the advice classes they weave and the methods they
 * offload or redirect; the bridge asks on each site's first call, and the answer is final.
 *
 * <p>Linking runs inside the first call of a patched JDK method (a file read, a thread start), so it
 * only reads these maps and combines method handles: every class it needs is loaded at registration.
 */
public final class Sites implements Bridge.Handler {
    /** Advice methods called through the bridge, by advice class, then method name. */
    private static final Map<String, Map<String, MethodHandle>> ADVICE = new ConcurrentHashMap<>();
    /** Offloaded and redirected methods, by {@code type.name(descriptor)}. */
    private static final Map<String, Call> CALLS = new ConcurrentHashMap<>();

    /** An offloaded or redirected method: {@code target} is the redirect target or the offload's inline test. */
    record Call(String patch, boolean offload, MethodHandle target, String describe, boolean isStatic, String api) {
        MethodHandle link(MethodHandle original, MethodType site) {
            return offload
                    ? Calls.offloading(api, original, isStatic, target, site)
                    : Calls.redirecting(target, isStatic, site);
        }

        boolean sameAs(Call other) {
            return offload == other.offload && describe.equals(other.describe);
        }
    }

    /** Made by the agent once the bridge is in the bootstrap loader (this class implements its interface). */
    public Sites() {}

    /** The methods of {@code advice} that are called through the bridge (not inlined), by name. */
    static Map<String, MethodHandle> adviceHandles(Class<?> advice) throws IllegalAccessException {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(advice, MethodHandles.lookup());
        Map<String, MethodHandle> methods = new ConcurrentHashMap<>();
        for (Method m : advice.getDeclaredMethods()) {
            Advice.OnMethodEnter enter = m.getAnnotation(Advice.OnMethodEnter.class);
            Advice.OnMethodExit exit = m.getAnnotation(Advice.OnMethodExit.class);
            if ((enter != null && !enter.inline()) || (exit != null && !exit.inline())) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    throw new IllegalArgumentException("advice method " + m + " is not static");
                }
                methods.put(m.getName(), lookup.unreflect(m));
            }
        }
        return methods;
    }

    static void registerAdvice(String advice, Map<String, MethodHandle> methods) {
        ADVICE.putIfAbsent(advice, methods);
    }

    /** Throws if another patch made method {@code site} something else than {@code call}. */
    static void checkCall(String site, Call call) {
        Call before = CALLS.get(site);
        if (before != null && !before.sameAs(call)) {
            throw new IllegalStateException(site + " is patched by '" + before.patch() + "' already");
        }
    }

    /** Registers an offloaded or redirected method; false if the same was registered already (by another patch). */
    static boolean registerCall(String site, Call call) {
        checkCall(site, call);
        return CALLS.putIfAbsent(site, call) == null;
    }

    @Override
    public MethodHandle link(
            MethodHandles.Lookup caller,
            String name,
            MethodType type,
            String advice,
            String site,
            MethodHandle original) {
        Map<String, MethodHandle> methods = ADVICE.get(advice);
        if (methods != null) {
            return methods.get(name);
        }
        Call call = CALLS.get(site); // an offload or redirect, whose enter advice was made for the method
        return call == null ? null : call.link(original, type);
    }
}
