package org.openloa.cms.audit;

/**
 * The network address of the client whose request this thread is serving, so that the records made while
 * serving it say where it came from. The web side sets it for the length of a request; elsewhere (a job,
 * a start-up task) there is none.
 */
public final class ClientAddress {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ClientAddress() {}

    /** The address, or null outside a request. */
    static String current() {
        return CURRENT.get();
    }

    /** Sets the address until the returned scope is closed, then puts back what was there before. */
    public static Scope of(String address) {
        String outer = CURRENT.get();
        CURRENT.set(address);
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /** The time one address applies; closing it cannot fail. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
