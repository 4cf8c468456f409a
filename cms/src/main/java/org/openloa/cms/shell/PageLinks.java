package org.openloa.cms.shell;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/** Links to the current page with one query parameter changed, e.g. the next page of a list with its filter kept. */
public final class PageLinks {

    private final HttpServletRequest request;

    PageLinks(HttpServletRequest request) {
        this.request = request;
    }

    /** This list, same filter, page {@code number}. */
    public String page(int number) {
        return UriComponentsBuilder.fromPath(request.getRequestURI())
                .query(request.getQueryString())
                .replaceQueryParam("page", number)
                .build(true)
                .toUriString();
    }
}
