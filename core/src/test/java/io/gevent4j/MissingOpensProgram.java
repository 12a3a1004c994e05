package io.gevent4j;

/** Run without --add-opens by {@link HubTest#withoutTheOpensFlagSpawnFailsNamingIt()}. */
public final class MissingOpensProgram {
    public static void main(String[] args) {
        try {
            Gevent.spawn(() -> {});
            System.out.println("spawned without the flag");
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
