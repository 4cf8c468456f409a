package org.openloa.cms.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code openloa_jobs_runs_seconds{job, outcome}}: every Quartz job run on this node, by the job's class (not its
 * name: end-of-broadcast jobs are named after their broadcast, which would make a series per broadcast) and by
 * whether it threw. A job whose runs stop, or fail, shows on the dashboard before its effects are missed.
 */
@Configuration(proxyBeanMethods = false)
class JobMeters {

    static final String RUNS = "openloa.jobs.runs";

    @Bean
    SchedulerFactoryBeanCustomizer jobRunsMetered(MeterRegistry meters) {
        return factory -> factory.setGlobalJobListeners(new Listener(meters));
    }

    private static final class Listener extends JobListenerSupport {

        private final MeterRegistry meters;

        Listener(MeterRegistry meters) {
            this.meters = meters;
        }

        @Override
        public String getName() {
            return "openloa-job-meters";
        }

        @Override
        public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
            Timer.builder(RUNS)
                    .description("Quartz job runs on this node")
                    .tag("job", context.getJobDetail().getJobClass().getSimpleName())
                    .tag("outcome", failure == null ? "ok" : "failed")
                    .register(meters)
                    .record(context.getJobRunTime(), TimeUnit.MILLISECONDS);
        }
    }
}
