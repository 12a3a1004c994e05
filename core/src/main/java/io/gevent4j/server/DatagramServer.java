package io.gevent4j.server;

import io.gevent4j.GreenletExit;
import io.gevent4j.pool.Group;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A UDP server that runs a handler per datagram, each in its own greenlet (gevent's
 * {@code gevent.server.DatagramServer}).
 *
 * <pre>{@code
 * DatagramServer server = new DatagramServer(new InetSocketAddress("127.0.0.1", 9000),
 *         (server, data, sender) -> server.sendTo(data, sender));   // echo
 * server.serveForever();
 * }</pre>
 *
 * <p>Datagrams up to {@link #MAX_DATAGRAM} bytes are received whole. A handler's exception is
 * reported (on the {@code io.gevent4j.server} {@link System.Logger}, stderr by default) and never stops
 * the server.
 */
public final class DatagramServer extends BaseServer {
    /** The largest datagram received whole. */
    public static final int MAX_DATAGRAM = 65_507;

    /** Handles one datagram; may throw anything. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles one datagram, in a greenlet of its own.
         *
         * @param server the server, to reply with {@link DatagramServer#sendTo}
         * @param data the datagram, the handler's own copy
         * @param sender where it came from
         * @throws Exception anything; it is reported and the server goes on
         */
        void handle(DatagramServer server, byte[] data, InetSocketAddress sender) throws Exception;
    }

    private final Handler handler;
    private volatile DatagramSocket socket;
    /** Used by the one receiving greenlet only; each datagram is copied out before its handler runs. */
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM];

    /**
     * A server on {@code address} with an unbounded spawn policy, on one hub (which one: {@link #start()}).
     *
     * @param address where to listen
     * @param handler what handles each datagram
     * @throws NullPointerException if an argument is null
     */
    public DatagramServer(InetSocketAddress address, Handler handler) {
        this(address, handler, null);
    }

    /**
     * A server whose handlers are spawned into {@code group} (a {@link io.gevent4j.pool.Pool} bounds them).
     *
     * @param address where to listen
     * @param handler what handles each datagram
     * @param group where handlers are spawned; null for an unbounded group of the server's
     * @throws NullPointerException if {@code address} or {@code handler} is null
     */
    public DatagramServer(InetSocketAddress address, Handler handler, Group group) {
        super(address, spawnPolicy(group, 0, 1), 1);
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Binds and starts serving, and returns at once; see {@link BaseServer#start()}.
     *
     * @return this server
     * @throws IllegalStateException if already started
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    @Override
    public DatagramServer start() {
        super.start();
        return this;
    }

    /**
     * Sends {@code data} to {@code address} from the server's socket; any thread.
     *
     * @param data the datagram
     * @param address where to
     * @throws IllegalStateException if the server is not started
     * @throws UncheckedIOException if the send fails
     * @throws NullPointerException if an argument is null
     */
    public void sendTo(byte[] data, SocketAddress address) {
        DatagramSocket s = socket;
        if (s == null) {
            throw new IllegalStateException(this + " is not started");
        }
        try {
            s.send(new DatagramPacket(
                    Objects.requireNonNull(data, "data"), data.length, Objects.requireNonNull(address, "address")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send to " + address, e);
        }
    }

    @Override
    Closeable bind(InetSocketAddress address, boolean shared) throws IOException {
        DatagramSocket s = new DatagramSocket(address);
        socket = s;
        return s;
    }

    @Override
    InetSocketAddress boundAddress(Closeable listener) {
        return (InetSocketAddress) ((DatagramSocket) listener).getLocalSocketAddress();
    }

    @Override
    boolean canSharePort() {
        return false;
    }

    @Override
    void serveOne(Closeable listener, Spawner spawner) throws IOException {
        DatagramPacket packet = new DatagramPacket(receiveBuffer, MAX_DATAGRAM);
        ((DatagramSocket) listener).receive(packet);
        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
        InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
        spawner.spawn(() -> handle(data, sender));
    }

    @Override
    boolean isClosed(Closeable listener) {
        return ((DatagramSocket) listener).isClosed();
    }

    private void handle(byte[] data, InetSocketAddress sender) {
        try {
            handler.handle(this, data, sender);
        } catch (GreenletExit exit) {
            throw exit;
        } catch (Throwable t) {
            report(this, sender, t);
        }
    }
}
