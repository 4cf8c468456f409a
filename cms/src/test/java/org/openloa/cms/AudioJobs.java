package org.openloa.cms;

import static org.assertj.core.api.Assertions.assertThat;

import org.openloa.testing.Await;
import tools.jackson.databind.JsonNode;

/** The audio jobs an upload or a speech request starts, as a client follows them through GET /api/v1/jobs/{id}. */
public final class AudioJobs {

    private AudioJobs() {}

    /** The job once it has ended, SUCCEEDED or FAILED. */
    public static JsonNode ended(Api caller, String jobId) {
        return Await.until(
                "audio job " + jobId + " to end",
                Await.PATIENCE,
                () -> caller.get("/api/v1/jobs/" + jobId).json(),
                job -> job.get("state").asString().equals("SUCCEEDED")
                        || job.get("state").asString().equals("FAILED"));
    }

    /** Waits until the job has succeeded. */
    public static void succeeded(Api caller, String jobId) {
        JsonNode job = ended(caller, jobId);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
    }
}
