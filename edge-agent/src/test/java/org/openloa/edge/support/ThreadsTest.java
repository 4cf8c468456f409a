package org.openloa.edge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    @Test
    void threadsAreVirtualExactlyWhenTheRuntimeHasThem() throws Exception {
        CompletableFuture<String> name = new CompletableFuture<>();

        Thread thread = Threads.start(
                "probe", () -> name.complete(Thread.currentThread().getName()));

        assertThat(name.get(5, TimeUnit.SECONDS)).isEqualTo("probe-0");
        assertThat(Threads.virtual()).isEqualTo(Runtime.version().feature() >= 21);
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    void aSignalRaisedBeforeTheWaitIsNotLost() throws Exception {
        Signal signal = new Signal();
        signal.raise();

        assertThat(signal.await(Duration.ofSeconds(5))).isTrue();
        assertThat(signal.await(Duration.ofMillis(10))).isFalse();
    }
}
