package org.openloa.cms.bulletin;

import java.time.Instant;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.openloa.scheduler.broadcast.Priority;

/** What an editor writes; checked on construction so a bulletin never holds invalid content. */
public record BulletinContent(
        String title, String category, String body, Priority priority, Instant validFrom, Instant validUntil) {

    public BulletinContent {
        title = Text.clean(title, "title");
        if (title == null || title.isBlank() || title.strip().length() > 300) {
            throw ProblemException.rule("invalid-title", "title", "bulletin.invalid-title");
        }
        title = title.strip();
        if (category == null || category.isBlank()) {
            throw ProblemException.rule("invalid-category", "category", "bulletin.invalid-category", category);
        }
        if (body != null && body.length() > 100_000) {
            throw ProblemException.rule("body-too-long", "body", "bulletin.body-too-long");
        }
        priority = priority == null ? Priority.NORMAL : priority;
        if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
            throw ProblemException.rule("validity-ends-before-start", "validUntil", "bulletin.validity-order");
        }
    }
}
