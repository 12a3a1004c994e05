package io.gevent4j.monkey.programs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An unmodified crawler (no gevent4j in sight): a fixed thread pool fetches URLs with
 * HttpURLConnection. args: base URL, requests, pool size. Prints "elapsedMs=", one "result i=" line
 * per request in order, and "diag." lines (which threads ran the fetches; peak platform threads).
 */
public final class CrawlerProgram {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        int requests = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Set<String> workers = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String url = base + "/item/" + i;
            futures.add(pool.submit(() -> {
                workers.add(Thread.currentThread().isVirtual() ? "virtual" : "platform");
                return fetch(url);
            }));
        }
        List<String> results = new ArrayList<>();
        for (Future<String> f : futures) {
            results.add(f.get());
        }
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        pool.shutdown();
        System.out.println("terminated=" + pool.awaitTermination(30, TimeUnit.SECONDS));
        System.out.println("elapsedMs=" + elapsed);
        for (int i = 0; i < results.size(); i++) {
            System.out.println("result " + i + "=" + results.get(i));
        }
        System.out.println("diag.workers=" + workers);
        System.out.println("diag.peakPlatformThreads="
                + ManagementFactory.getThreadMXBean().getPeakThreadCount());
    }

    private static String fetch(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try (InputStream in = c.getInputStream()) {
            return c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
