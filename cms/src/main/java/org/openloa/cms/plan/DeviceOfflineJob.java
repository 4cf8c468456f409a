package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Instant;
import org.openloa.cms.device.DeviceService;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks devices offline once they have been silent for three poll intervals. Repeating (every 30 s by
 * default); misfire: skip to the next beat, which finds every device that went silent meanwhile.
 */
@DisallowConcurrentExecution
class DeviceOfflineJob extends RecordedJob {

    private final DeviceService devices;

    DeviceOfflineJob(TransactionTemplate transaction, JobRuns runs, Clock clock, DeviceService devices) {
        super(transaction, runs, clock);
        this.devices = devices;
    }

    @Override
    String work(JobExecutionContext context, Instant scheduledAt) {
        int offline = devices.markOffline(notBefore(scheduledAt)).size();
        return offline + " device(s) went offline";
    }
}
