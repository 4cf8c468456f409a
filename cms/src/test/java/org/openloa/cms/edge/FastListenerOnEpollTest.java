package org.openloa.cms.edge;

import org.openloa.cms.edge.fast.FastListener;
import org.springframework.test.context.TestPropertySource;

/**
 * Every test of {@link FastListenerTest} again on epoll, which a node takes where io_uring is not allowed (an older
 * kernel, a container whose seccomp profile refuses it): both transports answer a box alike.
 */
@TestPropertySource(properties = "openloa.edge.fast-transport=epoll")
class FastListenerOnEpollTest extends FastListenerTest {

    @Override
    FastListener.Transport expectedTransport() {
        return FastListener.Transport.EPOLL;
    }
}
