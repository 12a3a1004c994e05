package io.gevent4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A gRPC server (Netty transport) given {@code Gevent.executor()} runs its calls as greenlets of one hub. */
@Timeout(60)
class GreenletExecutorGrpcTest {
    private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> GREET = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Greeter/Greet")
            .setRequestMarshaller(UTF8)
            .setResponseMarshaller(UTF8)
            .build();

    @Test
    void unaryCallsRunAsGreenletsAndOverlapWhileTheySleep() throws Exception {
        GreenletExecutor executor = Gevent.executor();
        Set<Hub> hubs = ConcurrentHashMap.newKeySet();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Greeter")
                .addMethod(GREET, ServerCalls.asyncUnaryCall((name, reply) -> {
                    Greenlet<?> g = Gevent.getCurrent();
                    hubs.add(g == null ? null : g.hub());
                    most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    Gevent.sleep(200);
                    concurrent.decrementAndGet();
                    reply.onNext("hello " + name);
                    reply.onCompleted();
                }))
                .build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .executor(executor)
                .addService(service)
                .build()
                .start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .build();
        try {
            List<com.google.common.util.concurrent.ListenableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(ClientCalls.futureUnaryCall(channel.newCall(GREET, CallOptions.DEFAULT), "n" + i));
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("hello n" + i, calls.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            executor.shutdown();
        }
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(Set.of(executor.hub()), hubs);
        assertTrue(most.get() > 1, "calls sleeping cooperatively overlap on the one hub: " + most.get());
    }
}
