package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.monkey.bridge.Bridge;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Threads (patch "thread"): a platform {@code Thread} started by application code running on a hub
 * (in a greenlet, or on the hub's own thread) runs as a greenlet of that hub, gevent's patched
 * {@code threading}. The program keeps its {@code Thread} object and it keeps working: see
 * {@link ConvertedThread} for the model and docs/AGENT.md for what differs.
 *
 * <p>Advice woven into {@code java.lang.Thread}:
 * <ul>
 *   <li>{@code start()}: in hub code, for a thread the application starts (not one the JDK or
 *   gevent4j starts for itself), spawn a greenlet running its {@code run()} instead.
 *   {@code start(ThreadContainer)}, the package-private door pools use: the same for a thread that
 *   {@code Executors.defaultThreadFactory()} made in hub code ({@link ExecutorsPatch}).</li>
 *   <li>{@code isAlive}, {@code threadState} (so {@code getState} and {@code join(Duration)}),
 *   {@code isInterrupted}, {@code getStackTrace}: a converted thread answers for its greenlet.</li>
 *   <li>{@code join(long)} (and so every {@code join}): waits for the greenlet, the hub-aware way;
 *   {@code interrupt()}: interrupts the greenlet; {@code setName}: renames both.</li>
 *   <li>{@code getThreadGroup()}, {@code isDaemon()} of a greenlet's own thread, asked by itself:
 *   those of the platform thread it stands for (the converted thread, else its hub's thread), so a
 *   thread made inside gets the group and daemon status it gets without the agent.</li>
 *   <li>{@code exit()}, which the JVM runs on a platform thread that ends ({@code main} included): a
 *   hub's thread first runs its non-daemon converted threads to their end, as the JVM would wait
 *   for them.</li>
 * </ul>
 * Until the first conversion, the advice on the query methods costs one volatile read.
 */
public final class ThreadPatch implements Patch {
    static final int START = 0;
    static final int START_FROM_POOL = 1;
    static final int IS_ALIVE = 2;
    static final int STATE = 3;
    static final int IS_INTERRUPTED = 4;
    static final int STACK_TRACE = 5;
    static final int JOIN = 6;
    static final int INTERRUPT = 7;
    static final int SET_NAME = 8;
    static final int GROUP = 9;
    static final int DAEMON = 10;
    static final int EXIT = 11;

    /** Binds an advice parameter to the operation code of the method it is woven into. */
    @Retention(RetentionPolicy.RUNTIME)
    @interface Op {}

    @Override
    public void install(Instrumentation inst) {
        ConvertedThread.checkAvailable();
        try { // the internal methods advised below (a missing one would silently match nothing)
            Thread.class.getDeclaredMethod("threadState");
            Thread.class.getDeclaredMethod("exit");
            Thread.class.getDeclaredMethod("start", Class.forName("jdk.internal.vm.ThreadContainer"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JDK's Thread lacks what the thread patch advises: " + e, e);
        }
        Patch.transform(inst, "java.lang.Thread", Patch.transformer((builder, type) -> builder
                .visit(advice(Start.class, START).on(isPublic().and(named("start")).and(takesArguments(0))))
                .visit(advice(Start.class, START_FROM_POOL).on(named("start").and(takesArguments(1))
                        .and(takesArgument(0, named("jdk.internal.vm.ThreadContainer")))))
                .visit(advice(Query.class, IS_ALIVE).on(named("isAlive").and(takesArguments(0))))
                .visit(advice(Query.class, STATE).on(named("threadState").and(takesArguments(0))))
                .visit(advice(Query.class, IS_INTERRUPTED).on(named("isInterrupted").and(takesArguments(0))))
                .visit(advice(Query.class, STACK_TRACE).on(named("getStackTrace").and(takesArguments(0))))
                .visit(advice(Replace.class, JOIN).on(named("join").and(takesArguments(long.class))))
                .visit(advice(Replace.class, INTERRUPT).on(named("interrupt").and(takesArguments(0))))
                .visit(advice(Renamed.class, SET_NAME).on(named("setName").and(takesArguments(String.class))))
                .visit(advice(StandIn.class, GROUP).on(named("getThreadGroup").and(takesArguments(0))))
                .visit(advice(StandIn.class, DAEMON).on(named("isDaemon").and(takesArguments(0))))
                .visit(advice(Exit.class, EXIT).on(isPrivate().and(named("exit")).and(takesArguments(0))))));
    }

    private static Advice advice(Class<?> type, int op) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(Op.class, op);
        return type == Query.class ? mapping.to(Query.class, Patch.Handled.class) : mapping.to(type);
    }

    // ---- advice: inlined into java.lang.Thread, so it may only use the bootstrap bridge --------------

    /** {@code start()} and {@code start(ThreadContainer)}: maybe a greenlet instead. */
    static final class Start {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Op int op, @Advice.This Thread self) {
            return Bridge.applies() && Bridge.call(Bridge.THREAD, new Object[] {op, self, null}) != Bridge.NOT_HANDLED;
        }
    }

    /** Methods with a result that a converted thread's greenlet gives instead (exit: {@link Patch.Handled}). */
    static final class Query {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Op int op, @Advice.This Thread self) {
            if (!Bridge.threadsConverted || self == Thread.currentThread()) {
                return null; // a converted thread is never the current one: its greenlet's thread is
            }
            Object r = Bridge.call(Bridge.THREAD, new Object[] {op, self, null});
            return r == Bridge.NOT_HANDLED ? null : r;
        }
    }

    /** {@code join(long)} and {@code interrupt()}: a converted thread's greenlet is joined or interrupted instead. */
    static final class Replace {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Op int op, @Advice.This Thread self, @Advice.AllArguments Object[] args) {
            return Bridge.threadsConverted && self != Thread.currentThread()
                    && Bridge.call(Bridge.THREAD, new Object[] {op, self, args.length == 0 ? null : args[0]}) != Bridge.NOT_HANDLED;
        }
    }

    /** {@code setName}: the other thread of a conversion follows. */
    static final class Renamed {
        @Advice.OnMethodExit
        static void exit(@Op int op, @Advice.This Thread self, @Advice.Argument(0) String name) {
            if (Bridge.threadsConverted) {
                Bridge.call(Bridge.THREAD, new Object[] {op, self, name});
            }
        }
    }

    /** {@code getThreadGroup()}, {@code isDaemon()} of a greenlet's own thread: those of the thread it stands for. */
    static final class StandIn {
        @Advice.OnMethodExit
        static void exit(@Op int op, @Advice.This Thread self,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (self.isVirtual() && self == Thread.currentThread() && Bridge.applies()) {
                Object r = Bridge.call(Bridge.THREAD, new Object[] {op, self, null});
                if (r != Bridge.NOT_HANDLED) {
                    result = r;
                }
            }
        }
    }

    /** {@code exit()}: a hub's thread runs its non-daemon converted threads to their end first. */
    static final class Exit {
        @Advice.OnMethodEnter
        static void enter(@Op int op, @Advice.This Thread self) {
            if (Bridge.threadsConverted && Bridge.applies()) {
                Bridge.call(Bridge.THREAD, new Object[] {op, self, null});
            }
        }
    }

    // ---- target: reached through Bridge.call ---------------------------------------------------------

    /** {@code args}: operation, the advised thread, the argument (if any). */
    public static Object call(Object[] args) {
        int op = (Integer) args[0];
        Thread self = (Thread) args[1];
        switch (op) {
            case START, START_FROM_POOL -> {
                return ConvertedThread.start(self, op == START_FROM_POOL);
            }
            case GROUP, DAEMON -> {
                Thread standIn = ConvertedThread.standIn();
                Object r = standIn == null ? null : op == GROUP ? standIn.getThreadGroup() : (Object) standIn.isDaemon();
                return r == null ? Bridge.NOT_HANDLED : r;
            }
            case SET_NAME -> {
                ConvertedThread.renamed(self, (String) args[2]);
                return null;
            }
            case EXIT -> {
                try {
                    ConvertedThread.hubThreadExits();
                } catch (Throwable e) {
                    // The thread ends anyway; the JVM would ignore this too.
                }
                return null;
            }
            default -> {
                ConvertedThread c = ConvertedThread.of(self);
                if (c == null) {
                    return Bridge.NOT_HANDLED;
                }
                return switch (op) {
                    case IS_ALIVE -> Boolean.TRUE;
                    case STATE -> c.state();
                    case IS_INTERRUPTED -> c.runner.isInterrupted();
                    case STACK_TRACE -> c.runner.getStackTrace();
                    case JOIN -> join(c, (Long) args[2]);
                    case INTERRUPT -> {
                        c.runner.interrupt();
                        yield Boolean.TRUE;
                    }
                    default -> Bridge.NOT_HANDLED;
                };
            }
        }
    }

    private static Object join(ConvertedThread c, long millis) {
        try {
            Object r = c.join(millis);
            return r == null ? Boolean.TRUE : r;
        } catch (InterruptedException e) {
            throw Sneaky.<RuntimeException>rethrow(e);
        }
    }
}
