package org.openloa.cms.audio.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audio.JobView;
import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Audio jobs", description = "Progress of audio processing (uploads, text-to-speech)")
class JobApi {

    private final AudioService audio;
    private final MessageSource messages;

    JobApi(AudioService audio, MessageSource messages) {
        this.audio = audio;
        this.messages = messages;
    }

    @Schema(description = "Text-to-speech on this server")
    public record Voices(
            @Schema(description = "whether text-to-speech is installed here")
            boolean available,

            @Schema(description = "the voices to choose from")
            List<String> voices) {}

    @GetMapping("/jobs/{id}")
    @Operation(summary = "State and progress (0..1) of an audio job; error says why it failed")
    JobView job(@PathVariable UUID id) {
        return JobView.of(audio.job(CurrentCaller.get(), id), messages, audio.maxDuration());
    }

    @GetMapping("/tts/voices")
    @Operation(summary = "Whether text-to-speech is available here, and its voices")
    Voices voices() {
        return new Voices(audio.speechAvailable(), audio.voices());
    }
}
