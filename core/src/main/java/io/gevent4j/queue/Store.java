package io.gevent4j.queue;

import java.util.ArrayDeque;
import java.util.Comparator;

/** Where a queue keeps its items, and in what order it gives them out. Guarded by the queue's lock. */
interface Store<T> {
    int size();

    void add(T item);

    /** Removes and returns the next item; only called when {@link #size()} is positive. */
    T take();

    /** The next item without removing it, or null when empty. */
    T head();

    /** Puts back an item that was handed to a getter who could not take it, so it is the next out. */
    void putBack(T item);

    static <T> Store<T> fifo() {
        return new Deque<>(true);
    }

    static <T> Store<T> lifo() {
        return new Deque<>(false);
    }

    static <T> Store<T> priority(Comparator<? super T> order) {
        return new Heap<>(order);
    }

    final class Deque<T> implements Store<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private final boolean fifo;

        Deque(boolean fifo) {
            this.fifo = fifo;
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public void add(T item) {
            items.addLast(item);
        }

        @Override
        public T take() {
            return fifo ? items.pollFirst() : items.pollLast();
        }

        @Override
        public T head() {
            return fifo ? items.peekFirst() : items.peekLast();
        }

        @Override
        public void putBack(T item) {
            if (fifo) {
                items.addFirst(item);
            } else {
                items.addLast(item);
            }
        }
    }

    final class Heap<T> implements Store<T> {
        private final java.util.PriorityQueue<T> items;

        Heap(Comparator<? super T> order) {
            items = new java.util.PriorityQueue<>(order);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public void add(T item) {
            items.add(item);
        }

        @Override
        public T take() {
            return items.poll();
        }

        @Override
        public T head() {
            return items.peek();
        }

        @Override
        public void putBack(T item) {
            items.add(item);
        }
    }
}
