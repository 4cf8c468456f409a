package org.openloa.cms.access;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * The page of a list a caller asks for (broadcasts, bulletins, emergencies): page {@code number}, from 0, of
 * {@code size} rows. A caller reads a long list a page at a time so that no answer grows with the country; what is
 * asked outside the bounds is taken to the nearest page allowed (from 0, 1 to {@link #MAX_SIZE} rows) rather than
 * refused, as every list of the API has always answered.
 *
 * @param number the page, from 0
 * @param size   how many rows a page holds, 1 to {@link #MAX_SIZE}
 */
public record ListPage(int number, int size) {

    /** The most rows one page holds. */
    public static final int MAX_SIZE = 200;

    public ListPage {
        number = Math.max(0, number);
        size = Math.min(Math.max(1, size), MAX_SIZE);
    }

    /** This page of a list read whole (one ordered in memory, which the database cannot page). */
    public <T> Page<T> of(List<T> all) {
        int first = (int) Math.min((long) number * size, all.size());
        return new PageImpl<>(
                all.subList(first, Math.min(all.size(), first + size)), PageRequest.of(number, size), all.size());
    }

    /** This page as the database reads it, in this order. */
    public Pageable sortedBy(Sort order) {
        return PageRequest.of(number, size, order);
    }
}
