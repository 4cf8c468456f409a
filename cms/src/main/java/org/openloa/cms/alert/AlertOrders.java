package org.openloa.cms.alert;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.openloa.scheduler.broadcast.Priority;

/**
 * CAP alert → what airs, as a pure function (see docs/emergency.md, "CAP"):
 * <ul>
 *   <li><b>what</b>: the recording from an audio {@code <resource>} when there is one; else the Vietnamese
 *       {@code <info>} ({@code language} vi or vi-VN) read aloud: headline, description, instruction. Every
 *       other {@code <info>} whose language has a TTS voice follows as further speech (the law on disaster
 *       prevention asks for warnings in the languages of ethnic minorities where needed);</li>
 *   <li><b>priority</b>: EMERGENCY when an {@code <info>} has urgency Immediate or Expected with severity
 *       Extreme or Severe; PRIORITY otherwise (a CAP warning always outranks the normal programme);</li>
 *   <li><b>ends</b>: at the latest {@code expires} of its {@code <info>}s (one without: no end, so the emergency
 *       airs once);</li>
 *   <li><b>title</b>: the Vietnamese headline, else its event, else the first headline or event, else the
 *       identifier.</li>
 * </ul>
 */
final class AlertOrders {

    private static final Set<String> URGENT = Set.of("Immediate", "Expected");
    private static final Set<String> GRAVE = Set.of("Extreme", "Severe");

    private AlertOrders() {}

    static AlertOrder order(
            CapDocument alert,
            Where.Selection where,
            List<String> voices,
            Optional<AlertOrder.Content.Recording> recording) {
        Optional<CapDocument.Info> vietnamese = vietnamese(alert);
        List<AlertOrder.Content> contents = new ArrayList<>();
        if (recording.isPresent()) {
            contents.add(recording.get());
        } else if (vietnamese.isPresent()) {
            String text = speech(vietnamese.get());
            if (!text.isEmpty()) {
                contents.add(new AlertOrder.Content.Speech(text, voiceFor("vi", voices)));
            }
        }
        for (CapDocument.Info info : alert.infos()) {
            if (vietnamese.isPresent() && info == vietnamese.get()) {
                continue;
            }
            String voice = voiceFor(info.language(), voices);
            String text = speech(info);
            if (voice != null && !text.isEmpty() && !isVietnamese(info.language())) {
                contents.add(new AlertOrder.Content.Speech(text, voice));
            }
        }
        return new AlertOrder(
                title(alert, vietnamese),
                contents,
                List.copyOf(where.areaIds()),
                where.deviceIds(),
                priority(alert),
                alert.sent(),
                endsAt(alert));
    }

    static Priority priority(CapDocument alert) {
        for (CapDocument.Info info : alert.infos()) {
            if (URGENT.contains(info.urgency()) && GRAVE.contains(info.severity())) {
                return Priority.EMERGENCY;
            }
        }
        return Priority.PRIORITY;
    }

    static OffsetDateTime endsAt(CapDocument alert) {
        OffsetDateTime latest = null;
        for (CapDocument.Info info : alert.infos()) {
            if (info.expires() == null) {
                return null; // one part of the warning has no end: the emergency has none (it airs once)
            }
            if (latest == null || info.expires().isAfter(latest)) {
                latest = info.expires();
            }
        }
        return latest;
    }

    /** Headline, description and instruction, each once, as sentences. */
    static String speech(CapDocument.Info info) {
        List<String> parts = new ArrayList<>();
        for (String part : new String[] {info.headline(), info.description(), info.instruction()}) {
            if (part != null && !part.isBlank()) {
                String sentence = part.strip().replaceAll("\\s+", " ");
                parts.add(sentence.matches(".*[.!?…]$") ? sentence : sentence + ".");
            }
        }
        return String.join(" ", parts);
    }

    /**
     * The voice for a language (BCP 47, as CAP gives it): the voice named exactly so, else the voice named by its
     * primary subtag ("vi" for "vi-VN"), else the first voice of that language ("vi-vn-x-central"); null if none.
     */
    static String voiceFor(String language, List<String> voices) {
        if (language == null || language.isBlank()) {
            return null;
        }
        String tag = language.strip().toLowerCase(Locale.ROOT);
        String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
        for (String voice : voices) {
            if (voice.equalsIgnoreCase(tag)) {
                return voice;
            }
        }
        for (String voice : voices) {
            if (voice.equalsIgnoreCase(primary)) {
                return voice;
            }
        }
        for (String voice : voices) {
            if (voice.toLowerCase(Locale.ROOT).startsWith(primary + "-")) {
                return voice;
            }
        }
        return null;
    }

    static Optional<CapDocument.Info> vietnamese(CapDocument alert) {
        return alert.infos().stream().filter(i -> isVietnamese(i.language())).findFirst();
    }

    private static boolean isVietnamese(String language) {
        if (language == null) {
            return false;
        }
        String tag = language.strip().toLowerCase(Locale.ROOT);
        return tag.equals("vi") || tag.startsWith("vi-");
    }

    private static String title(CapDocument alert, Optional<CapDocument.Info> vietnamese) {
        if (vietnamese.isPresent()) {
            String named = firstOf(vietnamese.get().headline(), vietnamese.get().event());
            if (named != null) {
                return clip(named);
            }
        }
        for (CapDocument.Info info : alert.infos()) {
            String named = firstOf(info.headline(), info.event());
            if (named != null) {
                return clip(named);
            }
        }
        return clip(alert.identifier());
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static String clip(String title) {
        return title.length() <= 300 ? title : title.substring(0, 299) + "…";
    }
}
