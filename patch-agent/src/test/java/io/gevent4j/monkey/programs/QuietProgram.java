package io.gevent4j.monkey.programs;

import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Never spawns a greenlet: with or without the agent it must print exactly the same. */
public final class QuietProgram {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Thread.sleep(50);
        Thread.sleep(10, 500);
        Thread.sleep(Duration.ofMillis(10));
        System.out.println("slept>=70ms " + ((System.nanoTime() - t0) / 1_000_000 >= 70));
        try {
            Thread.sleep(-1);
        } catch (IllegalArgumentException e) {
            System.out.println("IAE " + e.getMessage());
        }
        try (FileInputStream in = new FileInputStream("/proc/self/cmdline")) {
            System.out.println("read cmdline " + (in.readAllBytes().length > 0));
        }
        try (RandomAccessFile raf = new RandomAccessFile("/etc/hostname", "r")) {
            System.out.println("raf " + (raf.read() >= -1));
        }
        System.out.println("dns " + InetAddress.getByName("127.0.0.1") + " "
                + InetAddress.getByName("localhost").isLoopbackAddress());
        System.out.println("vthread "
                + Thread.ofVirtual()
                        .start(() -> {
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                throw new RuntimeException(e);
                            }
                        })
                        .join(Duration.ofSeconds(5)));
        System.err.println("stderr line");
        System.out.println(new String("done".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
