package org.openloa.bench.fleet;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the boxes run. A simulated box spends its life blocked (a long poll, a sleep until an item's start, a
 * download), so on Java 21+ every task gets a virtual thread and 5,000 boxes cost a few hundred megabytes. The
 * module is Java 17 bytecode like the rest of the project, so the virtual-thread executor is looked up by
 * reflection; on Java 17 the tasks get small-stack platform threads, at most {@code maxThreads} of them (a box
 * needs two or three at a time).
 */
final class Threads {

    private Threads() {}

    static ExecutorService executor(int maxThreads) {
        try {
            Method virtual = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) virtual.invoke(null);
        } catch (ReflectiveOperationException e) {
            AtomicInteger counter = new AtomicInteger();
            ThreadPoolExecutor pool =
                    new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                        Thread thread = new Thread(null, task, "box-" + counter.incrementAndGet(), 256 * 1024);
                        thread.setDaemon(true);
                        return thread;
                    });
            return pool;
        }
    }

    static boolean virtual() {
        try {
            java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
