package io.gevent4j.pywsgi;

import com.sun.net.httpserver.HttpContext;
import java.util.Arrays;
import java.util.Objects;

/**
 * A server's contexts. A request goes to the context with the longest path that its path starts with
 * (the JDK's rule, plain string prefixes). Reads take no lock: the array is replaced on change.
 */
final class Contexts {
    private volatile Context[] all = new Context[0];

    synchronized void add(Context context) {
        if (find(context.getPath(), true) != null) {
            throw new IllegalArgumentException("a context for " + context.getPath() + " exists already");
        }
        Context[] more = Arrays.copyOf(all, all.length + 1);
        more[all.length] = context;
        all = more;
    }

    synchronized void remove(String path) {
        Context c = find(Objects.requireNonNull(path, "path"), true);
        if (c == null) {
            throw new IllegalArgumentException("no context for " + path);
        }
        remove(c);
    }

    synchronized void remove(HttpContext context) {
        Objects.requireNonNull(context, "context");
        Context[] now = all;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == context) {
                Context[] fewer = new Context[now.length - 1];
                System.arraycopy(now, 0, fewer, 0, i);
                System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                all = fewer;
                return;
            }
        }
        throw new IllegalArgumentException("not a context of this server: " + context);
    }

    /** The context for a request path, or null. */
    Context match(String path) {
        return find(path, false);
    }

    private Context find(String path, boolean exact) {
        Context best = null;
        for (Context c : all) {
            String p = c.getPath();
            if ((exact ? path.equals(p) : path.startsWith(p))
                    && (best == null || p.length() > best.getPath().length())) {
                best = c;
            }
        }
        return best;
    }
}
