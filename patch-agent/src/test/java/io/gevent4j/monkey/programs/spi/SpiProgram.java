package io.gevent4j.monkey.programs.spi;

import io.gevent4j.Gevent;
import io.gevent4j.monkey.Monkey;
import java.util.concurrent.Callable;

/** Calls every patched method of {@link Library} outside any hub, then in a greenlet, and says where each ran. */
public final class SpiProgram {
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            Monkey.patchAll(args[0]);
        }
        System.out.println("patched=" + Monkey.patched());
        calls("plain");
        Gevent.run(() -> calls("greenlet"));
    }

    private static void calls(String where) {
        Library library = new Library("lib");
        call(where + ".twice(21)", () -> Library.twice(21));
        call(where + ".twice(2)", () -> Library.twice(2));
        call(where + ".greet", () -> library.greet("you"));
        call(where + ".fail", () -> {
            library.fail();
            return null;
        });
        call(where + ".next", () -> library.next(1));
        call(where + ".check", () -> {
            library.check();
            return "returned";
        });
    }

    private static void call(String what, Callable<Object> call) {
        Object result;
        try {
            result = call.call();
        } catch (Exception e) {
            result = "threw " + e;
        }
        System.out.println(what + "=" + result + " on " + Library.ranOn);
        Library.ranOn = "";
    }
}
