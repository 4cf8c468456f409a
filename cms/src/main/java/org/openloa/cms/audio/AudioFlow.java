package org.openloa.cms.audio;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.ExecutorChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The audio processing flow: job ids arrive on {@link #JOBS}, an executor bounded to
 * {@code openloa.media.processing-threads} (each ffmpeg keeps one core busy) runs them, each once it holds one
 * of the {@link IngestSlots} it shares with streamed uploads, and whatever escapes lands on {@link #ERRORS},
 * which fails the job rather than losing it. Emergencies' jobs arrive on {@link #EMERGENCY_JOBS}, run by threads
 * of their own with the slots' emergency rules, so they never queue behind bulletin jobs.
 */
@Configuration
class AudioFlow {

    static final String JOBS = "audioJobs";
    /** Emergencies' jobs: threads of their own, so they never sit in the executor's queue behind routine jobs. */
    static final String EMERGENCY_JOBS = "emergencyAudioJobs";

    static final String ERRORS = "audioJobErrors";
    /** {@code openloa_audio_ingest_seconds{kind, outcome}}: audio jobs this node ran, and how long (operations.md). */
    static final String INGEST = "openloa.audio.ingest";
    /** {@code openloa_audio_ingest_queue}: jobs waiting for a processing thread on this node. */
    static final String QUEUE = "openloa.audio.ingest.queue";
    /**
     * {@code openloa_audio_ingest_running}: ingests (jobs and streamed uploads) holding a slot on this node, the one
     * kept for emergencies included.
     */
    static final String RUNNING = "openloa.audio.ingest.running";

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskExecutor audioExecutor(MediaProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(Math.max(1, properties.processingThreads()));
        executor.setMaxPoolSize(Math.max(1, properties.processingThreads()));
        executor.setThreadNamePrefix("audio-");
        // Queued jobs are in the database too; on shutdown unfinished ones are resumed at the next start.
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
        return executor;
    }

    /** As many threads as emergency ingests may run at once: every slot and the reserved one. */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskExecutor emergencyAudioExecutor(MediaProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(Math.max(1, properties.processingThreads()) + 1);
        executor.setMaxPoolSize(Math.max(1, properties.processingThreads()) + 1);
        executor.setThreadNamePrefix("audio-emergency-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
        return executor;
    }

    @Bean(JOBS)
    MessageChannel audioJobs(ThreadPoolTaskExecutor audioExecutor) {
        return new ExecutorChannel(audioExecutor);
    }

    @Bean(EMERGENCY_JOBS)
    MessageChannel emergencyAudioJobs(ThreadPoolTaskExecutor emergencyAudioExecutor) {
        return new ExecutorChannel(emergencyAudioExecutor);
    }

    @Bean(ERRORS)
    MessageChannel audioJobErrors() {
        return new org.springframework.integration.channel.DirectChannel();
    }

    @Bean
    IntegrationFlow audioProcessingFlow(
            AudioProcessing processing,
            MediaJobs jobs,
            MeterRegistry meters,
            ThreadPoolTaskExecutor audioExecutor,
            ThreadPoolTaskExecutor emergencyAudioExecutor,
            IngestSlots slots) {
        Gauge.builder(
                        QUEUE,
                        audioExecutor,
                        e -> e.getThreadPoolExecutor().getQueue().size()
                                + emergencyAudioExecutor
                                        .getThreadPoolExecutor()
                                        .getQueue()
                                        .size()
                                + slots.waiting())
                .description("audio jobs waiting for a processing thread on this node")
                .register(meters);
        Gauge.builder(RUNNING, slots, IngestSlots::busy)
                .description("audio ingests running on this node, queued jobs and streamed uploads alike")
                .register(meters);
        return IntegrationFlow.from(JOBS)
                .handle(UUID.class, (jobId, headers) -> run(jobId, Urgency.ROUTINE, processing, jobs, meters, slots))
                .get();
    }

    @Bean
    IntegrationFlow emergencyAudioProcessingFlow(
            AudioProcessing processing, MediaJobs jobs, MeterRegistry meters, IngestSlots slots) {
        return IntegrationFlow.from(EMERGENCY_JOBS)
                .handle(UUID.class, (jobId, headers) -> run(jobId, Urgency.EMERGENCY, processing, jobs, meters, slots))
                .get();
    }

    /** Runs one job once it holds a slot; the flow's handler, so it answers nothing (null). */
    private static Object run(
            UUID jobId,
            Urgency urgency,
            AudioProcessing processing,
            MediaJobs jobs,
            MeterRegistry meters,
            IngestSlots slots) {
        // A streamed upload may hold a slot this thread would otherwise have: wait for one.
        IngestSlots.Slot slot;
        try {
            slot = slots.take(urgency);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return null; // still QUEUED in the database: the next start resumes it
        }
        Timer.Sample sample = Timer.start(meters);
        try {
            processing.process(jobId);
        } finally {
            slots.release(slot);
        }
        // Timed by how it ended; a job still queued or running elsewhere was not this node's run.
        jobs.findById(jobId)
                .filter(job -> job.state() == MediaJob.State.SUCCEEDED || job.state() == MediaJob.State.FAILED)
                .ifPresent(job -> sample.stop(meters.timer(
                        INGEST,
                        "kind",
                        job.kind().name(),
                        "outcome",
                        job.state().name())));
        return null;
    }

    @Bean
    IntegrationFlow audioErrorFlow(AudioProcessing processing) {
        return IntegrationFlow.from(ERRORS)
                .handle(MessagingException.class, (error, headers) -> {
                    Object payload = error.getFailedMessage() == null
                            ? null
                            : error.getFailedMessage().getPayload();
                    if (payload instanceof UUID jobId) {
                        processing.failed(jobId, error.getCause() == null ? error : error.getCause());
                    }
                    return null;
                })
                .get();
    }
}
