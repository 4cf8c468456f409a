package org.openloa.cms.edge.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.openloa.cms.edge.fast.FastListener.Transport;

/** {@code openloa.edge.fast-transport}: what it accepts, what it refuses, and what a node then runs on. */
class TransportSettingTest {

    @Test
    void aSettingNamesATransportInAnyCaseWithADashOrAnUnderscore() {
        assertThat(Transport.named("auto")).isEqualTo(Transport.AUTO);
        assertThat(Transport.named(" io_uring ")).isEqualTo(Transport.IO_URING);
        assertThat(Transport.named("IO-URING")).isEqualTo(Transport.IO_URING);
        assertThat(Transport.named("Epoll")).isEqualTo(Transport.EPOLL);
        assertThat(Transport.named("nio")).isEqualTo(Transport.NIO);
    }

    @Test
    void anythingElseIsRefusedWithTheChoicesNamed() {
        for (String wrong : new String[] {"", "kqueue", "uring", "epoll,nio"}) {
            assertThatThrownBy(() -> Transport.named(wrong))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("openloa.edge.fast-transport must be auto, io_uring, epoll or nio, was " + wrong);
        }
    }

    @Test
    void autoTakesIoUringThenEpollThenNioAndANamedOneThatCannotLoadStopsTheNode() {
        Transport expected =
                IoUring.isAvailable() ? Transport.IO_URING : Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
        assertThat(Transport.AUTO.resolved()).isEqualTo(expected);
        assertThat(Transport.NIO.resolved()).isEqualTo(Transport.NIO);
        if (IoUring.isAvailable()) {
            assertThat(Transport.IO_URING.resolved()).isEqualTo(Transport.IO_URING);
        } else {
            assertThatThrownBy(Transport.IO_URING::resolved)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("openloa.edge.fast-transport=io_uring, but it is not available here");
        }
    }
}
