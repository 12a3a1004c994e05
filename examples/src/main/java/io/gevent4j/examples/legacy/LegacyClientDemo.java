package io.gevent4j.examples.legacy;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.monkey.Monkey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * N greenlets each fetch one key through one {@link LegacyClient} whose server answers after L ms.
 * Run it under the agent, which finds {@code LegacyClientPatch} on the class path:
 * <pre>
 * java -javaagent:gevent4j-patch-agent.jar -cp examples/target/classes io.gevent4j.examples.legacy.LegacyClientDemo 10 200
 * </pre>
 * about L with the patch; N·L with {@code -javaagent:gevent4j-patch-agent.jar=-legacy-client}.
 */
public final class LegacyClientDemo {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int l = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        LegacyClient client = new LegacyClient(Duration.ofMillis(l));
        long start = System.nanoTime();
        List<Greenlet<String>> fetches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "key-" + i;
            fetches.add(Gevent.spawn(() -> client.fetch(key)));
        }
        Gevent.joinAll(fetches);
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        System.out.println("patched=" + Monkey.isPatched("legacy-client"));
        System.out.println("elapsedMs=" + elapsed);
        for (Greenlet<String> g : fetches) {
            System.out.println("result=" + g.get());
        }
        System.out.printf(
                "%d fetches of %d ms in %d ms: %s%n",
                n, l, elapsed, elapsed < 2L * l ? "they ran together" : "one after another");
    }
}
