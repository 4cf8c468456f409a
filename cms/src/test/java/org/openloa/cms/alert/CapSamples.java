package org.openloa.cms.alert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** CAP 1.2 documents for tests, built as an upstream authority would write them. */
public final class CapSamples {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private String identifier = "VN-KTTV-" + System.nanoTime() + "-" + COUNTER.incrementAndGet();
    private String sender = "kttv@nchmf.gov.vn";
    private String sent = "2026-12-04T09:00:00+07:00";
    private String status = "Actual";
    private String msgType = "Alert";
    private String note;
    private String references;
    private final List<String> infos = new ArrayList<>();

    public static CapSamples alert() {
        return new CapSamples();
    }

    public CapSamples identifier(String identifier) {
        this.identifier = identifier;
        return this;
    }

    public CapSamples sender(String sender) {
        this.sender = sender;
        return this;
    }

    public CapSamples status(String status) {
        this.status = status;
        return this;
    }

    public CapSamples msgType(String msgType) {
        this.msgType = msgType;
        return this;
    }

    public CapSamples note(String note) {
        this.note = note;
        return this;
    }

    /** References a document built before (its sender, identifier and sent). */
    public CapSamples references(CapSamples earlier) {
        this.references = earlier.sender + "," + earlier.identifier + "," + earlier.sent;
        return this;
    }

    public String identifier() {
        return identifier;
    }

    /**
     * An {@code <info>} in a language, with urgency and severity, expires (null: none), headline, and the
     * {@code <area>} elements given as XML (see {@link #polygonArea}, {@link #circleArea}, {@link #geocodeArea}).
     */
    public CapSamples info(
            String language, String urgency, String severity, String expires, String headline, String... areas) {
        return infoWith(language, urgency, severity, expires, headline, "", areas);
    }

    /** As {@link #info}, with extra XML placed before the areas (resources). */
    public CapSamples infoWith(
            String language,
            String urgency,
            String severity,
            String expires,
            String headline,
            String resources,
            String... areas) {
        StringBuilder info = new StringBuilder();
        info.append("<info>")
                .append("<language>")
                .append(language)
                .append("</language>")
                .append("<category>Met</category>")
                .append("<event>Bão số 3</event>")
                .append("<urgency>")
                .append(urgency)
                .append("</urgency>")
                .append("<severity>")
                .append(severity)
                .append("</severity>")
                .append("<certainty>Observed</certainty>");
        if (expires != null) {
            info.append("<expires>").append(expires).append("</expires>");
        }
        info.append("<senderName>Trung tâm Dự báo KTTV quốc gia</senderName>")
                .append("<headline>")
                .append(headline)
                .append("</headline>")
                .append("<description>Bão mạnh cấp 12 đang tiến vào đất liền</description>")
                .append("<instruction>Người dân không ra khơi, gia cố nhà cửa</instruction>")
                .append(resources);
        for (String area : areas) {
            info.append(area);
        }
        info.append("</info>");
        infos.add(info.toString());
        return this;
    }

    /** A square polygon of half-side {@code half} degrees around a point. */
    public static String polygonArea(double lat, double lon, double half) {
        String p = (lat - half) + "," + (lon - half) + " " + (lat - half) + "," + (lon + half) + " " + (lat + half)
                + "," + (lon + half) + " " + (lat + half) + "," + (lon - half) + " " + (lat - half) + ","
                + (lon - half);
        return "<area><areaDesc>Vùng ven biển</areaDesc><polygon>" + p + "</polygon></area>";
    }

    public static String circleArea(double lat, double lon, double km) {
        return "<area><areaDesc>Quanh cửa sông</areaDesc><circle>" + lat + "," + lon + " " + km + "</circle></area>";
    }

    public static String geocodeArea(String code) {
        return "<area><areaDesc>Đơn vị " + code + "</areaDesc><geocode><valueName>openloa:area</valueName><value>"
                + code + "</value></geocode></area>";
    }

    public String xml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
                .append("<identifier>")
                .append(identifier)
                .append("</identifier>")
                .append("<sender>")
                .append(sender)
                .append("</sender>")
                .append("<sent>")
                .append(sent)
                .append("</sent>")
                .append("<status>")
                .append(status)
                .append("</status>")
                .append("<msgType>")
                .append(msgType)
                .append("</msgType>")
                .append("<scope>Public</scope>");
        if (note != null) {
            xml.append("<note>").append(note).append("</note>");
        }
        if (references != null) {
            xml.append("<references>").append(references).append("</references>");
        }
        infos.forEach(xml::append);
        xml.append("</alert>\n");
        return xml.toString();
    }

    public byte[] bytes() {
        return xml().getBytes(StandardCharsets.UTF_8);
    }
}
