package io.gevent4j.monkey.patches;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.monkey.weave.HubCheck;
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
 * Until the first conversion, the advice on the query methods costs one volatile read. Every advice
 * method is called through the bootstrap bridge ({@code inline = false}), typed as the method it
 * stands in for.
 */
public final class ThreadPatch implements Patch {
    private static final String THREAD = "java.lang.Thread";

    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public ThreadPatch() {}

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public void declare(Patching patching) throws ClassNotFoundException {
        ConvertedThread.checkAvailable();
        patching.method(THREAD, "start").advise(Start.class);
        patching.method(THREAD, "start", Class.forName("jdk.internal.vm.ThreadContainer"))
                .advise(StartFromPool.class);
        patching.method(THREAD, "isAlive").advise(IsAlive.class, Handled.class);
        patching.method(THREAD, "threadState").advise(State.class, Handled.class);
        patching.method(THREAD, "isInterrupted").advise(IsInterrupted.class, Handled.class);
        patching.method(THREAD, "getStackTrace").advise(StackTrace.class, Handled.class);
        patching.method(THREAD, "join", long.class).advise(Join.class);
        patching.method(THREAD, "interrupt").advise(Interrupt.class);
        patching.method(THREAD, "setName", String.class).advise(Renamed.class);
        patching.method(THREAD, "getThreadGroup").advise(Group.class);
        patching.method(THREAD, "isDaemon").advise(Daemon.class);
        patching.method(THREAD, "exit").advise(Exit.class);
    }

    // ---- advice: woven into java.lang.Thread as calls through the bootstrap bridge -------------------

    /** {@code start()}: in hub code, maybe a greenlet instead. */
    static final class Start {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static boolean enter(@Advice.This Thread self) {
            return HubCheck.applies() && ConvertedThread.start(self, false);
        }
    }

    /** {@code start(ThreadContainer)}, how pools start workers: a thread marked by {@link ExecutorsPatch}. */
    static final class StartFromPool {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static boolean enter(@Advice.This Thread self) {
            return HubCheck.applies() && ConvertedThread.start(self, true);
        }
    }

    /** The live conversion of {@code self}, asked about by another thread (a converted thread is never the current one). */
    private static ConvertedThread converted(Thread self) {
        return ConvertedThread.anyConverted() && self != Thread.currentThread() ? ConvertedThread.of(self) : null;
    }

    static final class IsAlive {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static Boolean enter(@Advice.This Thread self) {
            return converted(self) == null ? null : Boolean.TRUE;
        }
    }

    /** {@code threadState()}, so {@code getState()} and {@code join(Duration)}. */
    static final class State {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static Thread.State enter(@Advice.This Thread self) {
            ConvertedThread c = converted(self);
            return c == null ? null : c.state();
        }
    }

    static final class IsInterrupted {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static Boolean enter(@Advice.This Thread self) {
            ConvertedThread c = converted(self);
            return c == null ? null : c.runner.isInterrupted();
        }
    }

    static final class StackTrace {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static StackTraceElement[] enter(@Advice.This Thread self) {
            ConvertedThread c = converted(self);
            return c == null ? null : c.runner.getStackTrace();
        }
    }

    /** Exit advice of the queries above: the greenlet's answer, when there is one, is the method's. */
    static final class Handled {
        @Advice.OnMethodExit
        static void exit(
                @Advice.Enter Object handled,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (handled != null) {
                result = handled;
            }
        }
    }

    /** {@code join(long)}, and so every {@code join}: waits for the greenlet, the hub-aware way. */
    static final class Join {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static boolean enter(@Advice.This Thread self, @Advice.Argument(0) long millis) throws InterruptedException {
            ConvertedThread c = converted(self);
            return c != null && c.join(millis);
        }
    }

    /** {@code interrupt()}: interrupts the greenlet. */
    static final class Interrupt {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static boolean enter(@Advice.This Thread self) {
            ConvertedThread c = converted(self);
            if (c == null) {
                return false;
            }
            c.runner.interrupt();
            return true;
        }
    }

    /** {@code setName}: the other thread of a conversion follows. */
    static final class Renamed {
        @Advice.OnMethodExit(inline = false)
        static void exit(@Advice.This Thread self, @Advice.Argument(0) String name) {
            if (ConvertedThread.anyConverted()) {
                ConvertedThread.renamed(self, name);
            }
        }
    }

    /** {@code getThreadGroup()} of a greenlet's own thread, asked by itself: that of the thread it stands for. */
    static final class Group {
        @Advice.OnMethodExit(inline = false)
        @Advice.AssignReturned.ToReturned
        static ThreadGroup exit(@Advice.This Thread self) {
            Thread standIn = standIn(self);
            return standIn == null ? null : standIn.getThreadGroup();
        }
    }

    /** {@code isDaemon()} of a greenlet's own thread, asked by itself: that of the thread it stands for. */
    static final class Daemon {
        @Advice.OnMethodExit(inline = false)
        @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
        static Boolean exit(@Advice.This Thread self) {
            Thread standIn = standIn(self);
            return standIn == null ? null : standIn.isDaemon();
        }
    }

    /** The platform thread a greenlet stands for, when it asks about itself; else null (the answer stays). */
    private static Thread standIn(Thread self) {
        return self.isVirtual() && self == Thread.currentThread() && HubCheck.applies()
                ? ConvertedThread.standIn()
                : null;
    }

    /** {@code exit()}: a hub's thread runs its non-daemon converted threads to their end first. */
    static final class Exit {
        @Advice.OnMethodEnter(inline = false)
        static void enter() {
            if (ConvertedThread.anyConverted() && HubCheck.applies()) {
                try {
                    ConvertedThread.hubThreadExits();
                } catch (Throwable e) {
                    // The thread ends anyway; the JVM would ignore this too.
                }
            }
        }
    }
}
