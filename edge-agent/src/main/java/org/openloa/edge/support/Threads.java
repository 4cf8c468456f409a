package org.openloa.edge.support;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the agent's few loops. On a Java 21+ runtime they are virtual threads (cheaper stacks on
 * a small board); the jar is Java 17 bytecode, so they are reached by reflection and the agent falls
 * back to daemon platform threads on 17.
 */
public final class Threads {

    private static final Method OF_VIRTUAL = lookup();

    private Threads() {}

    /** Whether this runtime gives the agent virtual threads. */
    public static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    /** A factory naming its threads {@code name-0}, {@code name-1}... */
    public static ThreadFactory factory(String name) {
        if (OF_VIRTUAL != null) {
            try {
                Object builder = OF_VIRTUAL.invoke(null);
                Class<?> type = Class.forName("java.lang.Thread$Builder");
                builder = type.getMethod("name", String.class, long.class).invoke(builder, name + "-", 0L);
                return (ThreadFactory) type.getMethod("factory").invoke(builder);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Thread.ofVirtual() is there but could not be used", e);
            }
        }
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts {@code task} on a new thread named {@code name-0}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = factory(name).newThread(task);
        thread.start();
        return thread;
    }

    /** An executor with a thread per task (virtual on 21+), for the HTTP client. */
    public static ExecutorService executor(String name) {
        ThreadFactory factory = factory(name);
        if (OF_VIRTUAL != null) {
            try {
                return (ExecutorService) Executors.class
                        .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                        .invoke(null, factory);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Executors.newThreadPerTaskExecutor could not be used", e);
            }
        }
        return Executors.newCachedThreadPool(factory);
    }

    private static Method lookup() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
