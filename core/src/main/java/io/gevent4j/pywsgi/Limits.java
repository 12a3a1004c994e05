package io.gevent4j.pywsgi;

/**
 * The limits and timeouts one server runs with, fixed when it starts.
 *
 * @param maxRequestLine longest request line, in bytes (else 414)
 * @param maxHeaderBytes longest head, request line and headers with their line ends (else 431)
 * @param maxHeaderCount most header fields (else 431)
 * @param maxBodyBytes longest request body (else 413); {@code Long.MAX_VALUE} for none
 * @param idleMillis longest wait for the first byte of a request on an open connection
 * @param readMillis longest time from a request's first byte to the end of its head, and longest
 *                   wait for any part of its body
 * @param writeNanos longest a single write to the client may block
 */
record Limits(
        int maxRequestLine,
        int maxHeaderBytes,
        int maxHeaderCount,
        long maxBodyBytes,
        int idleMillis,
        int readMillis,
        long writeNanos) {
    /** The input buffer never needs more: a whole head, plus room for the body's chunk lines. */
    int maxInputBuffer() {
        return maxHeaderBytes + ChunkedBody.MAX_LINE * 2;
    }
}
