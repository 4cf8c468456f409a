package org.openloa.cms.edge;

import org.springframework.test.context.TestPropertySource;

/**
 * Every test of {@link FastListenerTest} again on io_uring with a buffer handed in with each read, as on a kernel
 * without buffer rings (before 5.19) or with {@code openloa.edge.fast-buffer-ring=false}: the box sees no difference.
 */
@TestPropertySource(properties = "openloa.edge.fast-buffer-ring=false")
class FastListenerWithoutBufferRingTest extends FastListenerTest {

    @Override
    boolean expectedBufferRing() {
        return false;
    }
}
