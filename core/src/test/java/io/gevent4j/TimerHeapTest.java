package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub's timer heap on its own: order, cancellation, the live count, and clocks that wrap around. */
class TimerHeapTest {
    /** {@code TimerHeap.nextDeadline()} with no live timer: the "no deadline" sentinel. */
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final TimerHeap heap = new TimerHeap();
    private final List<String> fired = new ArrayList<>();

    private Timer schedule(long deadline, String name) {
        return heap.schedule(deadline, () -> fired.add(name));
    }

    @Test
    void anEmptyHeapHasNoDeadlineAndFiresNothing() {
        assertEquals(NO_DEADLINE, heap.nextDeadline());
        assertEquals(0, heap.fireDue(Long.MAX_VALUE - 1));
        assertEquals(0, heap.live());
    }

    @Test
    void dueTimersFireInDeadlineOrderAndTiesInTheOrderTheyWereScheduled() {
        schedule(30, "c");
        schedule(10, "a1");
        schedule(20, "b");
        schedule(10, "a2");
        schedule(40, "later");
        assertEquals(10, heap.nextDeadline());
        assertEquals(4, heap.fireDue(30));
        assertEquals(List.of("a1", "a2", "b", "c"), fired);
        assertEquals(1, heap.live());
        assertEquals(40, heap.nextDeadline());
    }

    @Test
    void aTimerIsDueAtItsDeadlineNotBefore() {
        schedule(100, "t");
        assertEquals(0, heap.fireDue(99));
        assertEquals(1, heap.fireDue(100));
        assertEquals(List.of("t"), fired);
    }

    @Test
    void aCancelledTimerNeverFiresAndNoLongerCountsOrSetsTheNextDeadline() {
        Timer first = schedule(10, "first");
        schedule(20, "second");
        assertTrue(first.isPending());
        first.cancel();
        first.cancel(); // harmless
        assertFalse(first.isPending());
        assertEquals(1, heap.live());
        assertEquals(20, heap.nextDeadline());
        assertEquals(1, heap.fireDue(100));
        assertEquals(List.of("second"), fired);
    }

    @Test
    void cancellingAFiredTimerChangesNothing() {
        Timer t = schedule(10, "t");
        schedule(50, "u");
        heap.fireDue(10);
        assertFalse(t.isPending());
        t.cancel();
        assertEquals(1, heap.live());
    }

    @Test
    void manyCancellationsCompactTheHeapAndTheRestStillFireInOrder() {
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            timers.add(schedule(i, "t" + i));
        }
        for (int i = 0; i < 200; i++) {
            if (i % 10 != 0) {
                timers.get(i).cancel();
            }
        }
        assertEquals(20, heap.live());
        assertEquals(20, heap.fireDue(1_000));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i += 10) {
            expected.add("t" + i);
        }
        assertEquals(expected, fired);
        assertEquals(NO_DEADLINE, heap.nextDeadline());
    }

    @Test
    void deadlinesCompareAcrossTheWrapOfTheNanosecondClock() {
        long justBeforeWrap = Long.MAX_VALUE - 100;
        long justAfterWrap = Long.MIN_VALUE + 100; // 201 ns after justBeforeWrap on a wrapping clock
        schedule(justAfterWrap, "after");
        schedule(justBeforeWrap, "before");
        assertEquals(justBeforeWrap, heap.nextDeadline());
        assertEquals(1, heap.fireDue(justBeforeWrap));
        assertEquals(List.of("before"), fired);
        assertEquals(1, heap.fireDue(justAfterWrap));
        assertEquals(List.of("before", "after"), fired);
    }

    @Test
    void aTimerScheduledByAFiringOneFiresInTheSameCallWhenItIsDueToo() {
        heap.schedule(10, () -> {
            fired.add("outer");
            heap.schedule(5, () -> fired.add("inner"));
            heap.schedule(500, () -> fired.add("not yet"));
        });
        assertEquals(2, heap.fireDue(10));
        assertEquals(List.of("outer", "inner"), fired);
        assertEquals(1, heap.live());
    }
}
