package org.openloa.cms.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Enrolment codes and device credentials: made from {@link SecureRandom}, stored only as SHA-256 (they are
 * long random strings, not passwords, so a fast hash is enough and keeps every request's check cheap).
 */
public final class Secrets {

    /** The credential's prefix: tells it apart from a user's API token (olt_) in logs and leak scanners. */
    public static final String CREDENTIAL_PREFIX = "oled_";
    /** No 0/O, 1/I: read aloud or typed from paper on a ladder. 32 symbols, 5 bits each. */
    static final String CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    static final int CODE_LENGTH = 12;
    private static final String CREDENTIAL_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int CREDENTIAL_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** K7PX-2M9Q-4TRW: 60 random bits. */
    static String newEnrolmentCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH + 2);
        for (int i = 0; i < CODE_LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** A code as typed ("k7px 2m9q-4trw") in its stored form, or null when it cannot be one. */
    static String canonicalCode(String typed) {
        if (typed == null) {
            return null;
        }
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            if (CODE_ALPHABET.indexOf(c) < 0 || code.length() == CODE_LENGTH) {
                return null;
            }
            code.append(c);
        }
        return code.length() == CODE_LENGTH ? code.toString() : null;
    }

    /** oled_ and 40 base-62 characters: about 238 random bits. */
    static String newCredential() {
        StringBuilder credential = new StringBuilder(CREDENTIAL_PREFIX);
        for (int i = 0; i < CREDENTIAL_LENGTH; i++) {
            credential.append(CREDENTIAL_ALPHABET.charAt(RANDOM.nextInt(CREDENTIAL_ALPHABET.length())));
        }
        return credential.toString();
    }

    /** Lower-case hex SHA-256 of the text: what the device table stores and the edge index is keyed by. */
    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
