package org.openloa.scheduler;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by a value's constructor when its input breaks one or more rules. It carries every broken
 * rule at once, not only the first, so a form can mark all wrong fields in one round trip.
 */
public class RuleViolationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<RuleViolation> violations;

    public RuleViolationException(List<RuleViolation> violations) {
        super(violations.stream()
                .map(v -> v.field() + ": " + v.rule() + " (" + v.detail() + ")")
                .collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a rule violation exception needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<RuleViolation> violations() {
        return violations;
    }

    /** Throws when {@code violations} is not empty; constructors collect first, then call this once. */
    public static void throwIfAny(List<RuleViolation> violations) {
        if (!violations.isEmpty()) {
            throw new RuleViolationException(violations);
        }
    }
}
