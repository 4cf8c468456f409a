package org.openloa.cms.notification.web;

import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.notification.NotificationService;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The bell in every page's header ({@code fragments/layout :: nav}): the caller's unread count. Counted only when
 * a page shows it (the API's handlers get the object too, and never ask), once per page.
 */
@ControllerAdvice(annotations = Controller.class)
class Bell {

    private final NotificationService notifications;

    Bell(NotificationService notifications) {
        this.notifications = notifications;
    }

    /** What the header reads; {@code count()} queries on first use. */
    public static final class Count {

        private final NotificationService notifications;
        private final Caller caller;
        private Long count;

        Count(NotificationService notifications, Caller caller) {
            this.notifications = notifications;
            this.caller = caller;
        }

        public long count() {
            if (count == null) {
                count = caller == null ? 0 : notifications.unread(caller);
            }
            return count;
        }

        public boolean shown() {
            return caller != null;
        }
    }

    @ModelAttribute("bell")
    Count bell() {
        return new Count(notifications, CurrentCaller.find().orElse(null));
    }
}
