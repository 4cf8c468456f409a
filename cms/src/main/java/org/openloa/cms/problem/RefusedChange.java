package org.openloa.cms.problem;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.validation.BindingResult;

/**
 * A change asked for by a page's form, and its refusal shown on that form: each field problem beside the field it
 * names, the refusal's message above the form. A refusal of the page itself (not found, not allowed) is no
 * problem of the form and goes on to the error page.
 */
public final class RefusedChange {

    private RefusedChange() {}

    /** Runs the change unless the form already has errors; empty when it has or when the change was refused. */
    public static <T> Optional<T> attempt(BindingResult form, Supplier<T> change) {
        return attempt(form, UnaryOperator.identity(), change);
    }

    /**
     * As {@link #attempt(BindingResult, Supplier)}, for a form whose fields are named otherwise than the change's:
     * {@code formField} names the form's field for a field of the change.
     */
    public static <T> Optional<T> attempt(BindingResult form, UnaryOperator<String> formField, Supplier<T> change) {
        if (form.hasErrors()) {
            return Optional.empty();
        }
        try {
            return Optional.of(change.get());
        } catch (ProblemException refused) {
            if (refused.kind() == RefusalKind.NOT_FOUND || refused.kind() == RefusalKind.FORBIDDEN) {
                throw refused;
            }
            show(refused, form, formField);
            return Optional.empty();
        }
    }

    /** Puts the refusal on the form: beside the fields the form has, above it for the rest. */
    public static void show(ProblemException refused, BindingResult form, UnaryOperator<String> formField) {
        boolean messageShown = false;
        for (ProblemException.FieldProblem problem : refused.fieldProblems()) {
            String field = formField.apply(problem.field());
            if (field != null && form.getFieldType(field) != null) {
                form.rejectValue(field, problem.messageKey(), problem.args(), problem.messageKey());
            } else {
                form.reject(problem.messageKey(), problem.args(), problem.messageKey());
            }
            messageShown |= problem.messageKey().equals(refused.messageKey());
        }
        if (!messageShown) {
            form.reject(refused.messageKey(), refused.args(), refused.messageKey());
        }
    }
}
