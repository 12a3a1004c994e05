package io.gevent4j.event;

import io.gevent4j.Timeout;
import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Rethrow;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A value, or a failure, that arrives later (gevent's {@code gevent.event.AsyncResult}; a future).
 *
 * <pre>{@code
 * AsyncResult<String> reply = new AsyncResult<>();
 * Gevent.spawn(() -> { Gevent.sleep(100); reply.set("pong"); });
 * System.out.println(reply.get());          // waits, then prints pong
 * }</pre>
 *
 * <p>The first of {@link #set}, {@link #setException} and {@link #cancel} completes the result; later
 * calls change nothing and return false (gevent lets a later {@code set} overwrite; Java futures do not).
 * Completing wakes every waiter and runs {@link #rawlink} callbacks on the completing thread.
 *
 * <p><b>As a {@link Future}.</b> {@link #get()} is gevent's: it returns the value or throws the stored
 * failure itself, the same object, even a checked exception (no {@code ExecutionException} wrapper);
 * it never throws {@code InterruptedException} (an interrupt does not end the wait). The timed
 * {@link #get(long, TimeUnit)} keeps that rule for failures and throws
 * {@link java.util.concurrent.TimeoutException} when time runs out, as {@code Future} requires; the
 * gevent-style {@link #get(Duration)} throws {@link Timeout} instead. {@link #cancel} completes the
 * result with a {@link CancellationException}; {@link #resultNow()}, {@link #exceptionNow()} and
 * {@link #state()} follow the {@code Future} contract.
 *
 * <p>Thread-safety: every method may be called from any thread. Waiting parks only the calling
 * greenlet; on a hub's own thread it runs the hub meanwhile; any other thread blocks.
 *
 * <p>Memory consistency effects: as with {@link java.util.concurrent.CompletableFuture}, actions in a
 * thread before it completes the result ({@link #set}, {@link #setException}, {@link #cancel})
 * happen-before actions after another thread sees it complete: a wait that returns, {@link #get()},
 * {@link #isReady()} or {@link #isDone()} returning true, and the {@link #rawlink} callbacks.
 *
 * @param <T> the value type
 */
public final class AsyncResult<T> extends Readied implements Future<T> {
    /** Written once before {@link #readiness} turns ready; read only after seeing it ready. */
    private T value;

    private Throwable exception;
    private boolean cancelled;

    /** A result that has not arrived yet. */
    public AsyncResult() {}

    /**
     * Completes with {@code value} and wakes every waiter.
     *
     * @param value the value; null is allowed
     * @return true if this call completed the result, false if it was complete already
     */
    public boolean set(T value) {
        return complete(value, null, false);
    }

    /**
     * Completes with a failure that {@link #get()} will throw as itself.
     *
     * @param failure the failure
     * @return true if this call completed the result, false if it was complete already
     * @throws NullPointerException if {@code failure} is null
     */
    public boolean setException(Throwable failure) {
        return complete(null, Objects.requireNonNull(failure, "failure"), false);
    }

    private boolean complete(T v, Throwable failure, boolean cancel) {
        return readiness.makeReady(() -> {
            value = v;
            exception = failure;
            cancelled = cancel;
        });
    }

    /**
     * Whether it completed with a value.
     *
     * @return whether it did
     */
    public boolean isSuccessful() {
        return isReady() && exception == null;
    }

    /**
     * The value once it arrived.
     *
     * @return the value, or null (also after a failure)
     */
    public T value() {
        return isSuccessful() ? value : null;
    }

    /**
     * The failure once it arrived.
     *
     * @return the failure, or null
     */
    public Throwable exception() {
        return isReady() ? exception : null;
    }

    /** Waits until complete, then returns the value or throws the failure (the same object). */
    @Override
    public T get() {
        readiness.awaitUntil(Deadlines.NONE);
        return result();
    }

    /**
     * Waits at most {@code timeout}, then as {@link #get()}.
     *
     * @param timeout the longest wait
     * @return the value
     * @throws Timeout if it is still not complete
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T get(Duration timeout) {
        if (!await(timeout)) {
            throw new Timeout(timeout);
        }
        return result();
    }

    /**
     * {@link Future}'s timed get: as {@link #get(Duration)}, but a timeout is reported as
     * {@link TimeoutException}. A negative timeout only checks.
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws TimeoutException {
        Duration d = Duration.ofNanos(
                Math.max(0, Objects.requireNonNull(unit, "unit").toNanos(timeout)));
        if (!await(d)) {
            throw new TimeoutException("no result within " + d);
        }
        return result();
    }

    /** Waits until complete, without throwing the failure. */
    public void await() {
        readiness.awaitUntil(Deadlines.NONE);
    }

    /**
     * Waits at most {@code timeout} until complete, without throwing the failure.
     *
     * @param timeout the longest wait
     * @return whether it is complete
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean await(Duration timeout) {
        return readiness.awaitUntil(Deadlines.after(timeout, "timeout"));
    }

    private T result() {
        if (exception != null) {
            throw Rethrow.unchecked(exception);
        }
        return value;
    }

    // ---- Future ------------------------------------------------------------------------------

    /** Completes the result with a {@link CancellationException}; returns false if already complete. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return complete(null, new CancellationException("AsyncResult cancelled"), true);
    }

    @Override
    public boolean isCancelled() {
        return isReady() && cancelled;
    }

    @Override
    public boolean isDone() {
        return isReady();
    }

    @Override
    public T resultNow() {
        if (state() != State.SUCCESS) {
            throw notAs("with a result");
        }
        return value;
    }

    @Override
    public Throwable exceptionNow() {
        if (state() != State.FAILED) {
            throw notAs("with an exception");
        }
        return exception;
    }

    /** Why {@link #resultNow()} or {@link #exceptionNow()} cannot answer, in the JDK's words. */
    private IllegalStateException notAs(String expected) {
        return switch (state()) {
            case RUNNING -> new IllegalStateException("Task has not completed");
            case CANCELLED -> new IllegalStateException("Task was cancelled");
            case FAILED -> new IllegalStateException("Task completed with exception", exception);
            case SUCCESS -> new IllegalStateException("Task completed with a result, not " + expected);
        };
    }

    @Override
    public State state() {
        if (!isReady()) {
            return State.RUNNING;
        }
        if (cancelled) {
            return State.CANCELLED;
        }
        return exception == null ? State.SUCCESS : State.FAILED;
    }

    @Override
    public String toString() {
        return "AsyncResult[" + state().name().toLowerCase(Locale.ROOT) + "]";
    }
}
