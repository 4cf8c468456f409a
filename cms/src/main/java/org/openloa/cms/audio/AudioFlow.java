package org.openloa.cms.audio;

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
 * {@code openloa.media.processing-threads} (each ffmpeg keeps one core busy) runs them, and whatever
 * escapes lands on {@link #ERRORS}, which fails the job rather than losing it.
 */
@Configuration
class AudioFlow {

    static final String JOBS = "audioJobs";
    static final String ERRORS = "audioJobErrors";

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

    @Bean(JOBS)
    MessageChannel audioJobs(ThreadPoolTaskExecutor audioExecutor) {
        return new ExecutorChannel(audioExecutor);
    }

    @Bean(ERRORS)
    MessageChannel audioJobErrors() {
        return new org.springframework.integration.channel.DirectChannel();
    }

    @Bean
    IntegrationFlow audioProcessingFlow(AudioProcessing processing) {
        return IntegrationFlow.from(JOBS)
                .handle(UUID.class, (jobId, headers) -> {
                    processing.process(jobId);
                    return null;
                })
                .get();
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
