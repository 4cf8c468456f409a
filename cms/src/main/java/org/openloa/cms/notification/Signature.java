package org.openloa.cms.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a webhook receiver checks: HMAC-SHA256 of the exact body bytes with the area's secret, as
 * {@code sha256=<hex>} in the {@value #HEADER} header (the form GitHub and most chat gateways know).
 */
final class Signature {

    static final String HEADER = "X-OpenLoa-Signature";
    static final String DELIVERY_HEADER = "X-OpenLoa-Delivery";

    private Signature() {}

    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
