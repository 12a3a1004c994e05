package io.gevent4j.monkey.weave;

import io.gevent4j.threadpool.ThreadPool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Offload and redirect ({@link io.gevent4j.monkey.spi.Patching.Method}): the advice woven for them and
 * what its call runs. The enter advice is a call site of type {@code (Object self, Object[] arguments)}
 * that the bootstrap bridge links, per patched method, to {@link #offload} or {@link #redirect} with that
 * method's handles bound. It answers null (the method runs as it was) or a one-element array holding
 * the result, which the exit advice, inlined in the patched method, returns.
 */
final class Calls {
    private static final MethodHandle OFFLOAD;
    private static final MethodHandle REDIRECT;
    private static final MethodHandle HANDLED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodType call = MethodType.methodType(Object.class, Object.class, Object[].class);
            OFFLOAD = lookup.findStatic(Calls.class, "offload",
                    call.insertParameterTypes(0, String.class, MethodHandle.class, MethodHandle.class));
            REDIRECT = lookup.findStatic(Calls.class, "redirect", call.insertParameterTypes(0, MethodHandle.class));
            HANDLED = lookup.findStatic(Objects.class, "nonNull", MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Calls() {}

    /** The advice for a method with a result. */
    static final class ForValue {
        private ForValue() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static Object enter(@Advice.This(optional = true) Object self, @Advice.AllArguments Object[] args) {
            throw new IllegalStateException("linked by the bootstrap bridge, never called");
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (handled != null) {
                result = ((Object[]) handled)[0];
            }
        }
    }

    /** The advice for a {@code void} method. */
    static final class ForVoid {
        private ForVoid() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static boolean enter(@Advice.This(optional = true) Object self, @Advice.AllArguments Object[] args) {
            throw new IllegalStateException("linked by the bootstrap bridge, never called");
        }
    }

    /** What {@link ForValue}'s or {@link ForVoid}'s call site runs for an offloaded method. */
    static MethodHandle offloading(String api, MethodHandle original, boolean isStatic, MethodHandle inline, boolean isVoid) {
        MethodHandle call = MethodHandles.insertArguments(OFFLOAD, 0, api, spread(original, isStatic, Object.class),
                inline == null ? null : spread(inline, isStatic, boolean.class));
        return isVoid ? MethodHandles.filterReturnValue(call, HANDLED) : call;
    }

    /** What the call site runs for a method redirected to {@code target}. */
    static MethodHandle redirecting(MethodHandle target, boolean isStatic, boolean isVoid) {
        MethodHandle call = MethodHandles.insertArguments(REDIRECT, 0, spread(target, isStatic, Object.class));
        return isVoid ? MethodHandles.filterReturnValue(call, HANDLED) : call;
    }

    /**
     * {@code h}, taking the object called on (unless {@code isStatic}) then the method's parameters, as
     * a handle taking {@code (Object self, Object[] arguments)} and returning {@code returns}.
     */
    private static MethodHandle spread(MethodHandle h, boolean isStatic, Class<?> returns) {
        int count = h.type().parameterCount();
        MethodHandle g = h.asType(MethodType.genericMethodType(count).changeReturnType(returns))
                .asSpreader(Object[].class, isStatic ? count : count - 1);
        return isStatic ? MethodHandles.dropArguments(g, 0, Object.class) : g;
    }

    private static Object offload(String api, MethodHandle original, MethodHandle inline, Object self, Object[] args)
            throws Throwable {
        if ((self != null && Thread.holdsLock(self)) || !HubCheck.applies()
                || (inline != null && (boolean) inline.invokeExact(self, args))) {
            return null;
        }
        // On the pool thread (no hub) the same method meets this advice again, which stands aside.
        return new Object[] {ThreadPool.current().apply(api, () -> {
            try {
                return (Object) original.invokeExact(self, args);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new UndeclaredThrowableException(e);
            }
        })};
    }

    private static Object redirect(MethodHandle target, Object self, Object[] args) throws Throwable {
        return HubCheck.applies() ? new Object[] {(Object) target.invokeExact(self, args)} : null;
    }
}
