package org.openloa.edge.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import org.openloa.edge.support.Json;
import org.openloa.protocol.Manifest;
import tools.jackson.core.JacksonException;

/**
 * Reads a manifest entry by entry. A server newer than this agent may send an item kind or command
 * type it does not know, and a broken entry should cost that entry only: such entries are dropped
 * with a warning, and unknown commands are reported so the agent can acknowledge them (otherwise the
 * server would send them forever).
 */
public final class ManifestReader {

    private static final Logger LOG = Logger.getLogger(ManifestReader.class.getName());

    private ManifestReader() {}

    /**
     * @param manifest            what the agent can use
     * @param unsupportedCommands ids of commands it cannot run
     */
    public record Parsed(Manifest manifest, List<String> unsupportedCommands) {}

    public static Parsed read(byte[] json) throws IOException {
        Object tree;
        try {
            tree = Json.tree(json);
        } catch (JacksonException e) {
            throw new IOException("the manifest is not JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("the manifest is not JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> root)) {
            throw new IOException("the manifest is not a JSON object");
        }
        List<Manifest.Media> media = each(root.get("media"), Manifest.Media.class, "media", Manifest.Media::id);
        Set<String> mediaIds =
                new HashSet<>(media.stream().map(Manifest.Media::id).toList());
        List<Manifest.Item> items = new ArrayList<>();
        for (Manifest.Item item : each(root.get("items"), Manifest.Item.class, "item", Manifest.Item::id)) {
            List<String> missing = item.mediaIds().stream()
                    .filter(id -> !mediaIds.contains(id))
                    .toList();
            if (missing.isEmpty()) {
                items.add(item);
            } else {
                LOG.warning(() -> "manifest: item " + item.id() + " is dropped: it needs media " + missing
                        + " that the manifest does not list (or that could not be read)");
            }
        }
        List<String> unsupported = new ArrayList<>();
        List<Manifest.Command> commands = new ArrayList<>();
        for (Object node : array(root.get("commands"))) {
            try {
                commands.add(Json.bind(node, Manifest.Command.class));
            } catch (IllegalArgumentException e) {
                String id = node instanceof Map<?, ?> command && command.get("id") instanceof String text ? text : null;
                LOG.warning(() -> "manifest: command " + node + " cannot be run by this agent: " + message(e));
                if (id != null && !id.isBlank()) {
                    unsupported.add(id);
                }
            }
        }
        List<Manifest.Withdrawal> withdrawn =
                each(root.get("withdrawn"), Manifest.Withdrawal.class, "withdrawal", Manifest.Withdrawal::itemId);
        Map<Object, Object> head = new LinkedHashMap<>(root);
        head.keySet().removeAll(List.of("items", "media", "commands", "withdrawn"));
        try {
            Manifest top = Json.bind(head, Manifest.class);
            return new Parsed(
                    new Manifest(
                            top.version(),
                            top.serverTime(),
                            top.pollSeconds(),
                            top.settings(),
                            items,
                            media,
                            top.purge(),
                            dedupe(commands, Manifest.Command::id, "command"),
                            // Why items were taken off air: a box that plays one logs this reason.
                            withdrawn),
                    List.copyOf(unsupported));
        } catch (IllegalArgumentException e) {
            throw new IOException("the manifest cannot be used: " + message(e), e);
        }
    }

    /** The entries of an array; a missing one has none (the record's own check says whether that is allowed). */
    private static List<?> array(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    private static <T> List<T> each(Object array, Class<T> type, String what, Function<T, String> id) {
        List<T> read = new ArrayList<>();
        for (Object node : array(array)) {
            try {
                read.add(Json.bind(node, type));
            } catch (IllegalArgumentException e) {
                Object entryId = node instanceof Map<?, ?> entry ? entry.get("id") : null;
                LOG.warning(() ->
                        "manifest: " + what + " " + (entryId == null ? "?" : entryId) + " is dropped: " + message(e));
            }
        }
        return dedupe(read, id, what);
    }

    private static <T> List<T> dedupe(List<T> entries, Function<T, String> id, String what) {
        Set<String> seen = new HashSet<>();
        List<T> kept = new ArrayList<>();
        for (T entry : entries) {
            if (seen.add(id.apply(entry))) {
                kept.add(entry);
            } else {
                LOG.warning(() -> "manifest: a second " + what + " " + id.apply(entry) + " is dropped");
            }
        }
        return kept;
    }

    private static String message(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        return e.getMessage();
    }
}
