package org.openloa.cms.device.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * An enrolment code as a QR code, drawn on the server as SVG: no script, no image request that could leave the
 * code in a log or a cache, and sharp at any size on a phone.
 *
 * <p>The QR holds the code itself ("K7PX-2M9Q-4TRW"), nothing more. The server address is the same for every
 * box of a deployment and is printed beside it; the code is the part that changes, expires and is secret. Plain
 * text keeps the symbol small (easy to scan from a screen) and any phone's camera app offers to copy it.
 */
final class EnrolmentQr {

    /** Modules of white around the symbol, as the standard asks for reliable scanning. */
    private static final int QUIET_ZONE = 4;

    private EnrolmentQr() {}

    /** A self-contained {@code <svg>} element; every character of it comes from here, none from the user. */
    static String svg(String code, String label) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter()
                    .encode(
                            code,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.MARGIN,
                                    QUIET_ZONE,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalStateException("an enrolment code always fits a QR code", e);
        }
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" viewBox=\"0 0 " + width + " "
                + height + "\" shape-rendering=\"crispEdges\" aria-label=\"" + escape(label) + "\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
