package org.openloa.cms.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which datasource URLs get H2's write delay turned off (the crash itself: acceptance.CrashDurabilityTest). */
class DurableCommitsTest {

    @Test
    void anH2FileUrlOfTheOperatorsOwnGetsEachCommitWritten() {
        assertThat(DurableCommits.durable("jdbc:h2:file:/srv/openloa/db;AUTO_SERVER=FALSE"))
                .isEqualTo("jdbc:h2:file:/srv/openloa/db;AUTO_SERVER=FALSE;WRITE_DELAY=0");
        assertThat(DurableCommits.durable("jdbc:h2:./data/openloa")).isEqualTo("jdbc:h2:./data/openloa;WRITE_DELAY=0");
    }

    @Test
    void aWriteDelaySetInTheUrlIsKept() {
        assertThat(DurableCommits.durable("jdbc:h2:file:/srv/db;WRITE_DELAY=0"))
                .isEqualTo("jdbc:h2:file:/srv/db;WRITE_DELAY=0");
        assertThat(DurableCommits.durable("jdbc:h2:file:/srv/db;write_delay=500"))
                .isEqualTo("jdbc:h2:file:/srv/db;write_delay=500");
    }

    @Test
    void otherDatabasesAndInMemoryH2AreLeftAlone() {
        assertThat(DurableCommits.durable("jdbc:postgresql://db:5432/openloa"))
                .isEqualTo("jdbc:postgresql://db:5432/openloa");
        assertThat(DurableCommits.durable("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1");
    }
}
