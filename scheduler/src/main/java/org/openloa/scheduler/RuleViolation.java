package org.openloa.scheduler;

import java.util.Objects;

/**
 * One broken rule: the field (named as in the REST API's JSON), the stable rule code, and an English
 * detail for logs; cms shows the user a localised text looked up by {@link #rule()}.
 */
public record RuleViolation(String field, Rule rule, String detail) {

    public RuleViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
    }
}
