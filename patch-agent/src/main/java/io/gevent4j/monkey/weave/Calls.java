package io.gevent4j.monkey.weave;

import io.gevent4j.internal.Report;
import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.threadpool.ThreadPool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

/**
 * Offload and redirect ({@link io.gevent4j.monkey.spi.Patching.Method}): the advice woven for them and
 * what its call runs.
 *
 * <p>The enter advice is made for each method ({@link #enterAdvice}): a call site typed as the method's
 * own parameters (a primitive as itself, any other type as {@code Object}), then the object called on,
 * so the patched method passes its arguments as they are. The bootstrap bridge links it to a guard:
 * outside hub code the answer is "not handled" at once, with nothing allocated; in hub code the call is
 * offloaded ({@link #offload}, the arguments gathered into an array for the pool thread) or redirected
 * (the target called directly). A method with a result gets it back in a one-element array (null would
 * be a result too), which the exit advice, {@link Result}, inlined in the patched method, returns.
 */
final class Calls {
    private static final MethodHandle OFFLOAD;
    private static final MethodHandle MAY_OFFLOAD;
    private static final MethodHandle IN_HUB;
    private static final MethodHandle RESULT;
    private static final MethodHandle HANDLED;
    private static final AtomicInteger ADVICE_IDS = new AtomicInteger();
    private static final String OBJECT = "Ljava/lang/Object;";

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OFFLOAD = lookup.findStatic(
                    Calls.class,
                    "offload",
                    MethodType.methodType(
                            Object.class,
                            String.class,
                            MethodHandle.class,
                            MethodHandle.class,
                            Object.class,
                            Object[].class));
            MAY_OFFLOAD =
                    lookup.findStatic(Calls.class, "mayOffload", MethodType.methodType(boolean.class, Object.class));
            IN_HUB = lookup.findStatic(HubCheck.class, "applies", MethodType.methodType(boolean.class));
            RESULT = lookup.findStatic(Calls.class, "result", MethodType.methodType(Object.class, Object.class));
            HANDLED = lookup.findStatic(Objects.class, "nonNull", MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Calls() {}

    /** The exit advice of an offloaded or redirected method with a result: returns the handled call's. */
    static final class Result {
        private Result() {}

        @Advice.OnMethodExit
        static void exit(
                @Advice.Enter Object handled,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (handled != null) {
                result = ((Object[]) handled)[0];
            }
        }
    }

    /**
     * The enter advice for {@code m}, written as a class file (never loaded: the bridge links its call):
     * a static method {@code enter(p0, ..., pn, self)} called through the bridge, skipping {@code m}'s
     * body when it answers non-null ({@code Object}) or true ({@code boolean}, for a {@code void}
     * method). Returns it described, with a locator of its class file and of the annotations it uses.
     */
    static Advice enterAdvice(Advice.WithCustomMapping mapping, MethodDescription m) {
        boolean isVoid = m.getReturnType().represents(void.class);
        String name = Calls.class.getName() + "$Enter" + ADVICE_IDS.incrementAndGet();
        StringBuilder descriptor = new StringBuilder("(");
        for (TypeDefinition p : m.getParameters().asTypeList()) {
            descriptor.append(p.isPrimitive() ? p.asErasure().getDescriptor() : OBJECT);
        }
        descriptor.append(m.isStatic() ? "" : OBJECT).append(isVoid ? ")Z" : ")" + OBJECT);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(
                Opcodes.V1_8,
                Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                name.replace('.', '/'),
                null,
                "java/lang/Object",
                null);
        MethodVisitor mv =
                cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "enter", descriptor.toString(), null, null);
        AnnotationVisitor on = mv.visitAnnotation(Type.getDescriptor(Advice.OnMethodEnter.class), true);
        on.visit("skipOn", Type.getType(Advice.OnNonDefaultValue.class));
        on.visit("inline", Boolean.FALSE);
        on.visitEnd();
        int count = m.getParameters().size();
        mv.visitAnnotableParameterCount(count + (m.isStatic() ? 0 : 1), true);
        for (int i = 0; i < count; i++) {
            AnnotationVisitor argument =
                    mv.visitParameterAnnotation(i, Type.getDescriptor(Advice.Argument.class), true);
            argument.visit("value", i);
            argument.visitEnd();
        }
        if (!m.isStatic()) {
            mv.visitParameterAnnotation(count, Type.getDescriptor(Advice.This.class), true)
                    .visitEnd();
        }
        mv.visitCode();
        mv.visitInsn(isVoid ? Opcodes.ICONST_0 : Opcodes.ACONST_NULL);
        mv.visitInsn(isVoid ? Opcodes.IRETURN : Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(name, cw.toByteArray()),
                ClassFileLocator.ForClassLoader.of(Calls.class.getClassLoader()));
        TypeDescription enter = TypePool.Default.of(locator).describe(name).resolve();
        return isVoid
                ? mapping.to(enter, locator)
                : mapping.to(enter, TypeDescription.ForLoadedType.of(Result.class), locator);
    }

    /** What the enter advice's call site, of type {@code site}, runs for an offloaded method. */
    static MethodHandle offloading(
            String api, MethodHandle original, boolean isStatic, MethodHandle inline, MethodType site) {
        int count = site.parameterCount() - (isStatic ? 0 : 1);
        MethodHandle run = MethodHandles.insertArguments(
                OFFLOAD,
                0,
                api,
                spread(original, isStatic, Object.class),
                inline == null ? null : spread(inline, isStatic, boolean.class)); // (self, arguments)
        run = isStatic ? MethodHandles.insertArguments(run, 0, (Object) null) : moveFirstToEnd(run);
        run = run.asCollector(0, Object[].class, count); // (argument..., self?), the array made only here
        if (site.returnType() == boolean.class) { // a void method: handled unless kept inline
            run = MethodHandles.filterReturnValue(run, HANDLED);
        }
        MethodHandle may = isStatic
                ? MethodHandles.insertArguments(MAY_OFFLOAD, 0, (Object) null)
                : MethodHandles.dropArguments(
                        MAY_OFFLOAD, 0, site.parameterList().subList(0, count));
        return guard(may, run, site);
    }

    /** What the call site runs for a method redirected to {@code target}. */
    static MethodHandle redirecting(MethodHandle target, boolean isStatic, MethodType site) {
        MethodHandle run = isStatic ? target : moveFirstToEnd(target); // (argument..., self?)
        run = site.returnType() == boolean.class
                ? MethodHandles.filterReturnValue(run, MethodHandles.constant(boolean.class, true))
                : MethodHandles.filterReturnValue(run.asType(run.type().changeReturnType(Object.class)), RESULT);
        return guard(IN_HUB, run, site);
    }

    /**
     * The call site's target: {@code run} (taking all the site's parameters) when {@code test} (taking
     * the first of them, or none) says so, else "not handled" (null, or false).
     */
    private static MethodHandle guard(MethodHandle test, MethodHandle run, MethodType site) {
        int tested = test.type().parameterCount();
        MethodHandle gate =
                MethodHandles.dropArguments(test, tested, site.parameterList().subList(tested, site.parameterCount()));
        return MethodHandles.guardWithTest(gate, run.asType(site), MethodHandles.empty(site));
    }

    /** {@code h} taking its first parameter last. */
    private static MethodHandle moveFirstToEnd(MethodHandle h) {
        MethodType type = h.type();
        int count = type.parameterCount();
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i == 0 ? count - 1 : i - 1;
        }
        MethodType moved = type.dropParameterTypes(0, 1).appendParameterTypes(type.parameterType(0));
        return MethodHandles.permuteArguments(h, moved, order);
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

    /**
     * Whether a call on {@code self} (null: a static method) may go to the pool: in hub code, not holding
     * its monitor, and not in a greenlet loading a class, which is pinned there and would hold its hub's
     * thread while it waited for the pool all the same (so the call runs inline, as without the agent).
     */
    private static boolean mayOffload(Object self) {
        return (self == null || !Thread.holdsLock(self)) && HubCheck.applies() && !loadingClass();
    }

    /** Whether the current thread is a virtual thread inside {@code ClassLoader.loadClass} (a thread-local read). */
    static boolean loadingClass() {
        if (!Thread.currentThread().isVirtual()) {
            return false;
        }
        int[] depth = Bridge.CLASS_LOADING.get();
        return depth != null && depth[0] > 0;
    }

    private static Object offload(String api, MethodHandle original, MethodHandle inline, Object self, Object[] args)
            throws Throwable {
        if (inline != null && (boolean) inline.invokeExact(self, args)) {
            return null;
        }
        // On the pool thread (no hub) the same method meets this advice again, which stands aside.
        return result(ThreadPool.current()
                .apply(
                        api,
                        () -> {
                            try {
                                return (Object) original.invokeExact(self, args);
                            } catch (Exception | Error e) {
                                throw e;
                            } catch (Throwable e) {
                                throw new UndeclaredThrowableException(e);
                            }
                        },
                        Calls::releaseAbandoned));
    }

    /**
     * What an offloaded call returned to a caller that was killed or timed out meanwhile: a resource
     * nobody will ever close is released here, so none outlives its caller. A started process is
     * destroyed and its pipes closed; anything else {@link AutoCloseable} is closed.
     */
    private static void releaseAbandoned(Object result) {
        try {
            if (result instanceof Process p) {
                p.destroyForcibly();
                p.getOutputStream().close();
                p.getInputStream().close();
                p.getErrorStream().close();
            } else if (result instanceof AutoCloseable c) {
                c.close();
            }
        } catch (Exception e) {
            Report.warning(
                    Report.AGENT,
                    "gevent4j: cannot release what an abandoned offloaded call returned (" + result + ")",
                    e);
        }
    }

    private static Object result(Object value) {
        return new Object[] {value};
    }
}
