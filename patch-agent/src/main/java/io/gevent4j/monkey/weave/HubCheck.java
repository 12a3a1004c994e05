package io.gevent4j.monkey.weave;

import io.gevent4j.Cooperative;

/** The test every patched call makes first: is the caller in hub code, where the patch applies? */
public final class HubCheck {
    /** Set while {@link #applies} runs on a thread: a patched call made by that check itself (a class load reading a jar) runs unpatched. */
    private static final ThreadLocal<Boolean> CHECKING = new ThreadLocal<>();

    private HubCheck() {}

    /**
     * Whether the caller is in hub code: a greenlet, or a platform thread that has a hub
     * ({@link Cooperative#applies}). False for a call made while this check runs on the same thread.
     *
     * @return true when the patched call should take its hub-aware path
     */
    public static boolean applies() {
        if (CHECKING.get() != null) {
            return false;
        }
        CHECKING.set(Boolean.TRUE);
        try {
            return Cooperative.applies();
        } finally {
            CHECKING.remove();
        }
    }
}
