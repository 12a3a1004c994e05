package io.gevent4j.compat;

import io.gevent4j.compat.child.ApacheHttpCase;
import io.gevent4j.compat.child.Case;
import io.gevent4j.compat.child.ClinitCase;
import io.gevent4j.compat.child.DatagramCase;
import io.gevent4j.compat.child.DnsCase;
import io.gevent4j.compat.child.FifoCase;
import io.gevent4j.compat.child.HttpUrlConnectionCase;
import io.gevent4j.compat.child.JdkHttpClientCase;
import io.gevent4j.compat.child.JedisCase;
import io.gevent4j.compat.child.LockCase;
import io.gevent4j.compat.child.MailCase;
import io.gevent4j.compat.child.ObjectWaitCase;
import io.gevent4j.compat.child.OkHttpCase;
import io.gevent4j.compat.child.PostgresCase;
import io.gevent4j.compat.child.ProcessStreamCase;
import io.gevent4j.compat.child.ProcessWaitForCase;
import io.gevent4j.compat.child.QueueCase;
import io.gevent4j.compat.child.ServerSocketCase;
import io.gevent4j.compat.child.SleepCase;
import io.gevent4j.compat.child.SocketCase;
import io.gevent4j.compat.child.SocketChannelCase;
import io.gevent4j.compat.child.StdinCase;
import io.gevent4j.compat.child.SynchronizedCase;

/**
 * The matrix's rows, in order: what runs, which servers it needs, what each column is expected to
 * measure (C cooperative, B blocks the hub, F fails; plain, Monkey.patchAll(), -javaagent), and why a
 * cell that is not cooperative is not (every such cell must be explained here).
 */
enum Row {
    THREAD_SLEEP(Group.JDK, "`Thread.sleep`", SleepCase.class, Need.NOTHING, "CCC", null, null),
    SOCKET(Group.JDK, "`java.net.Socket` (connect, write, read)", SocketCase.class, Need.PEERS, "CCC", null, null),
    SERVER_SOCKET(
            Group.JDK,
            "`java.net.ServerSocket.accept`",
            ServerSocketCase.class,
            Need.PEERS,
            "CCC",
            null,
            null,
            Row.MIN_RATIO_WORKING_CALLS),
    SOCKET_CHANNEL(
            Group.JDK, "`SocketChannel` (blocking mode)", SocketChannelCase.class, Need.PEERS, "CCC", null, null),
    DATAGRAM_SOCKET(Group.JDK, "`DatagramSocket` (send, receive)", DatagramCase.class, Need.PEERS, "CCC", null, null),
    HTTP_URL_CONNECTION(
            Group.JDK,
            "`HttpURLConnection`",
            HttpUrlConnectionCase.class,
            Need.PEERS,
            "CCC",
            null,
            null,
            Row.MIN_RATIO_WORKING_CALLS),
    JDK_HTTP_CLIENT(
            Group.JDK,
            "`java.net.http.HttpClient.send`",
            JdkHttpClientCase.class,
            Need.PEERS,
            "CCC",
            null,
            null,
            Row.MIN_RATIO_WORKING_CALLS),
    INET_ADDRESS(
            Group.JDK,
            "`InetAddress.getByName` / `getAllByName` (system resolver)",
            DnsCase.class,
            Need.DNS,
            "BCC",
            null,
            "Without the agent: the JDK resolves names in native `getaddrinfo`, inside `Blocker.begin()`, which"
                    + " compensates only for carriers of the JDK's own `ForkJoinPool`; on the hub every look-up holds the hub's"
                    + " thread for the whole DNS round trip (a JDK limitation, the reason for the `dns` patch)."),
    FIFO(
            Group.JDK,
            "`FileInputStream` on a FIFO",
            FifoCase.class,
            Need.NOTHING,
            "BCC",
            null,
            "Without the agent: file reads are native and pin the carrier (measured on JDK 25; JDK 21-24 expected, not"
                    + " measured), with no compensation on a"
                    + " custom scheduler (a JDK limitation, the reason for the `io` patch)."),
    SYSTEM_IN(
            Group.JDK,
            "`System.in` (a pipe)",
            StdinCase.class,
            Need.NOTHING,
            "BCC",
            null,
            "Without the agent: `System.in` is a `FileInputStream` on descriptor 0, read natively, pinning the hub's"
                    + " thread until the data comes (a JDK limitation; the `io` patch offloads it). The other greenlets"
                    + " wait on the stream's lock, so the run still ends after about L, but the hub is held for L."),
    PROCESS_STREAM(
            Group.JDK,
            "`Process` output stream",
            ProcessStreamCase.class,
            Need.NOTHING,
            "BCC",
            null,
            "Without the agent: a process's output is a pipe read with a native `FileInputStream.read`, which pins"
                    + " the carrier (a JDK limitation; the `process`/`io` patches offload it).",
            Row.MIN_RATIO_WORKING_CALLS),
    PROCESS_WAIT_FOR(
            Group.JDK,
            "`Process.waitFor`",
            ProcessWaitForCase.class,
            Need.NOTHING,
            "CCC",
            "BBB",
            "JDK 21-23 (not measured): `ProcessImpl.waitFor` is `Object.wait` in `synchronized`, which pins the carrier"
                    + " before JDK 24 (JEP 491); the agent does not patch it.",
            Row.MIN_RATIO_WORKING_CALLS),
    OBJECT_WAIT(
            Group.JDK,
            "`Object.wait` / `notify` in `synchronized`",
            ObjectWaitCase.class,
            Need.NOTHING,
            "CCC",
            "BBB",
            "JDK 21-23 (not measured): `Object.wait` pins the carrier (JEP 491, JDK 24, lifted it); the agent does not"
                    + " patch monitors."),
    SYNCHRONIZED(
            Group.JDK,
            "`synchronized`, contended, blocking inside",
            SynchronizedCase.class,
            Need.NOTHING,
            "CCC",
            "BBB",
            "JDK 21-23 (not measured): a virtual thread that blocks while holding a monitor pins its carrier (lifted by"
                    + " JEP 491 in JDK 24),"
                    + " so the `Thread.sleep` inside holds the hub with or without the agent (the agent's sleep sees the pin"
                    + " and parks the hub's thread for the sleep instead of waiting for a hub timer)."),
    QUEUES(
            Group.JDK,
            "`java.util.concurrent` queues (`take`, `poll(timeout)`)",
            QueueCase.class,
            Need.NOTHING,
            "CCC",
            null,
            null),
    LOCKS(
            Group.JDK,
            "`java.util.concurrent` locks (`Condition`, `Semaphore`, `CountDownLatch`, `tryLock`)",
            LockCase.class,
            Need.NOTHING,
            "CCC",
            null,
            null),
    CLASS_INIT(
            Group.JDK,
            "Blocking inside a static initialiser (`<clinit>`)",
            ClinitCase.class,
            Need.NOTHING,
            "BBB",
            null,
            "A limitation of every JDK so far: the VM runs `<clinit>` under a native frame, so a greenlet that blocks"
                    + " there stays pinned to its carrier, the hub's thread, and holds the hub for as long as it blocks. With"
                    + " the agent the patched `Thread.sleep` notices the pin (a yield that does not unmount) and parks the"
                    + " hub's thread until its deadline rather than waiting for a hub timer that could never fire (that"
                    + " hang, found by this suite, is fixed and covered by `HubTest.aTimedWaitOfAPinnedGreenletStillEnds`)."
                    + " Keep blocking work out of static initialisers."),
    POSTGRESQL(
            Group.LIBRARY,
            "PostgreSQL JDBC " + version("postgresql") + " (`pg_sleep`)",
            PostgresCase.class,
            Need.POSTGRES,
            "CCC",
            null,
            null),
    JEDIS(
            Group.LIBRARY,
            "Jedis " + version("jedis") + " (`BLPOP` with a timeout)",
            JedisCase.class,
            Need.REDIS,
            "CCC",
            null,
            null,
            Row.MIN_RATIO_WORKING_CALLS),
    APACHE_HTTP_CLIENT(
            Group.LIBRARY,
            "Apache HttpClient " + version("httpclient5") + " (classic API)",
            ApacheHttpCase.class,
            Need.PEERS,
            "CCC",
            null,
            null,
            Row.MIN_RATIO_WORKING_CALLS),
    OK_HTTP(
            Group.LIBRARY,
            "OkHttp " + version("okhttp") + " (`Call.execute`)",
            OkHttpCase.class,
            Need.PEERS,
            "CCC",
            null,
            null,
            Row.MIN_RATIO_WORKING_CALLS),
    JAKARTA_MAIL(
            Group.LIBRARY,
            "Jakarta Mail (Eclipse Angus " + version("angus") + "), SMTP",
            MailCase.class,
            Need.PEERS,
            "CCC",
            null,
            null,
            Row.MIN_RATIO_WORKING_CALLS);

    enum Group {
        JDK("The JDK"),
        LIBRARY("Client libraries against real servers on loopback");

        final String title;

        Group(String title) {
            this.title = title;
        }
    }

    /** What a row's case program talks to, started by the test JVM. */
    enum Need {
        NOTHING(null),
        PEERS(null),
        DNS("root"),
        POSTGRES("postgresql"),
        REDIS("redis");

        /** What scripts/prerequisites.sh provides for it (its ID there), or null for nothing. */
        final String prerequisite;

        Need(String prerequisite) {
            this.prerequisite = prerequisite;
        }
    }

    /**
     * The JDK release from which {@link #expected} applies; {@link #beforeJep491} before it. The latter
     * follow from where JDK 21-23 pin (monitors) and are not measured by the JDK 25 builds.
     */
    static final int JEP_491 = 24;

    /**
     * The least concurrency ratio N·L / wall time of a cooperative cell, for rows whose calls only wait:
     * N = 50 calls of L that overlap end soon after L (measured 42-50×, on loaded machines too). 35× is
     * a wall time of 1.43·L, up to 170 ms of serial work, more than twice the most these rows took on a
     * loaded machine (72 ms); "under 2·L" alone allows 25×.
     */
    static final double MIN_RATIO = 35;
    /**
     * The same for rows whose calls work besides waiting L: a connection and its protocol exchange
     * (HTTP, SMTP), starting a process, Redis's coarse BLPOP timeout (measured 31-47×). 28× is a wall
     * time of 1.79·L, up to 310 ms of serial work; on a loaded machine these rows took up to 135 ms,
     * and Jakarta Mail up to 245 ms.
     */
    static final double MIN_RATIO_WORKING_CALLS = 28;

    final Group group;
    final String label;
    final Class<? extends Case> caseClass;
    final Need need;
    final String expected;
    final String beforeJep491;
    /** Why the cells that are not cooperative are not; required when any is expected. */
    final String note;
    /** The least concurrency ratio a cooperative cell of this row must reach. */
    final double minRatio;

    final int latencyMs = 400;

    Row(
            Group group,
            String label,
            Class<? extends Case> caseClass,
            Need need,
            String expected,
            String beforeJep491,
            String note) {
        this(group, label, caseClass, need, expected, beforeJep491, note, MIN_RATIO);
    }

    Row(
            Group group,
            String label,
            Class<? extends Case> caseClass,
            Need need,
            String expected,
            String beforeJep491,
            String note,
            double minRatio) {
        this.minRatio = minRatio;
        this.group = group;
        this.label = label;
        this.caseClass = caseClass;
        this.need = need;
        this.expected = expected;
        this.beforeJep491 = beforeJep491 == null ? expected : beforeJep491;
        this.note = note;
        if ((!expected.equals("CCC") || !this.beforeJep491.equals("CCC")) && note == null) {
            throw new IllegalStateException(name() + ": a cell expected not to be cooperative needs its explanation");
        }
    }

    /** The verdict this row must measure in {@code mode} on this JDK. */
    Verdict expected(Mode mode) {
        return expected(mode, Runtime.version().feature());
    }

    /** The verdict this row declares for {@code mode} on JDK {@code feature}. */
    Verdict expected(Mode mode, int feature) {
        String codes = feature >= JEP_491 ? expected : beforeJep491;
        return Verdict.of(codes.charAt(mode.ordinal()));
    }

    private static String version(String library) {
        return System.getProperty("compat.version." + library, "?");
    }
}
