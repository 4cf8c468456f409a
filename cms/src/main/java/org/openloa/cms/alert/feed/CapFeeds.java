package org.openloa.cms.alert.feed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.openloa.cms.access.Caller;
import org.openloa.cms.alert.AlertService;
import org.openloa.cms.alert.CapProperties;
import org.openloa.cms.alert.CapReader;
import org.openloa.cms.alert.CapWriter;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.user.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Feeds in: each configured upstream feed ({@code openloa.cap.feeds[]}) is read on its interval, as the user it
 * names. A feed is a CAP document, or an Atom feed whose entries carry a CAP alert inline ({@code <content>}) or
 * link to one ({@code <link href>}, read as well). Every document goes the same way as a POST to
 * /api/v1/alerts; one already taken in (same sender and identifier) changes nothing, so reading a feed again is
 * harmless, and on several cms nodes each reads it with the same result. A linked document once taken in is
 * not fetched again.
 *
 * <p>Reading is defensive: a size cap and timeouts on every fetch, no DTD, nothing external resolved. A feed
 * that fails is logged and read again at its next turn; it never stops the others.
 *
 * <p>Each feed is a Spring Integration flow: a polling source on the feed's interval whose handler reads it.
 * Spring Integration's own feed adapter reads Atom through ROME only, and a CAP document published on its own
 * is not a feed, so the fetch and the parse stay here; the polling, its thread and its lifecycle are the
 * framework's, as for the other flows of cms.
 */
@Component
public class CapFeeds {

    private static final Logger log = LoggerFactory.getLogger(CapFeeds.class);

    static final int MAX_BYTES = CapReader.MAX_BYTES;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ATOM = CapWriter.ATOM;

    private final CapProperties properties;
    private final AlertService alerts;
    private final UserDirectory users;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final Set<String> taken = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final IntegrationFlowContext flows;

    CapFeeds(CapProperties properties, AlertService alerts, UserDirectory users, IntegrationFlowContext flows) {
        this.properties = properties;
        this.alerts = alerts;
        this.users = users;
        this.flows = flows;
    }

    /** Starts polling once the application is ready, so that no feed is read before the schema and users are. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        int index = 0;
        for (CapProperties.Feed feed : properties.feeds()) {
            IntegrationFlow flow = IntegrationFlow.fromSupplier(
                            () -> feed, source -> source.poller(Pollers.fixedDelay(feed.interval())))
                    .handle(CapProperties.Feed.class, (read, headers) -> {
                        poll(read);
                        return null;
                    })
                    .get();
            flows.registration(flow).id("capFeed" + index++).register();
            log.info("Reading the CAP feed {} every {} as {}", feed.url(), feed.interval(), feed.username());
        }
    }

    /** Reads a feed once; answers how many new alerts it brought. */
    public int poll(CapProperties.Feed feed) {
        try {
            var account = users.loadUserByUsername(feed.username());
            if (!account.isEnabled()) {
                log.warn(
                        "The CAP feed {} acts as {}, whose account is disabled: not read", feed.url(), feed.username());
                return 0;
            }
            Caller caller = account.caller();
            byte[] body = fetch(feed.url());
            Document document = parse(body);
            Element root = document.getDocumentElement();
            if (CapReader.NAMESPACE.equals(root.getNamespaceURI()) && "alert".equals(root.getLocalName())) {
                return take(caller, feed.url().toString(), body) ? 1 : 0;
            }
            if (ATOM.equals(root.getNamespaceURI()) && "feed".equals(root.getLocalName())) {
                int brought = 0;
                for (Map.Entry<String, byte[]> entry : entries(feed.url(), root).entrySet()) {
                    if (entry.getValue() != null && take(caller, entry.getKey(), entry.getValue())) {
                        brought++;
                    }
                }
                return brought;
            }
            log.warn("The CAP feed {} is neither a CAP alert nor an Atom feed", feed.url());
        } catch (RuntimeException | IOException e) {
            log.warn("The CAP feed {} could not be read: {}", feed.url(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Each entry's alert: inline, or fetched from its link (one fetched before is skipped: null). */
    private Map<String, byte[]> entries(URI base, Element feed) throws IOException, InterruptedException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (Element entry : children(feed, ATOM, "entry")) {
            Element inline = inlineAlert(entry);
            if (inline != null) {
                found.put(base + "#" + text(entry, "id"), serialise(inline));
                continue;
            }
            for (Element link : children(entry, ATOM, "link")) {
                String href = link.getAttribute("href");
                String type = link.getAttribute("type");
                String rel = link.getAttribute("rel");
                boolean cap = type.contains("cap+xml") || type.endsWith("/xml") || href.endsWith(".xml");
                if (href.isBlank() || !cap || !(rel.isBlank() || rel.equals("alternate") || rel.equals("related"))) {
                    continue;
                }
                URI target = base.resolve(href.strip());
                String key = target.toString();
                found.put(key, taken.contains(key) ? null : fetch(target));
                break;
            }
        }
        return found;
    }

    private boolean take(Caller caller, String key, byte[] document) {
        try {
            boolean created = alerts.receive(caller, document).created();
            taken.add(key);
            return created;
        } catch (ProblemException e) {
            log.warn("A CAP alert from {} was refused: {} {}", key, e.code(), e.getMessage());
            return false;
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            // another cms node stored the same alert at the same moment: it is taken in
            log.debug("A CAP alert from {} was stored at the same moment by another node", key);
            return false;
        }
    }

    private byte[] fetch(URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Accept", "application/cap+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1")
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + url);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (out.size() + read > MAX_BYTES) {
                    throw new IOException(url + " is larger than " + MAX_BYTES + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            var builder = org.openloa.cms.alert.SecureXml.documentBuilder();
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("not XML: " + e.getMessage(), e);
        }
    }

    private static Element inlineAlert(Element entry) {
        for (Element content : children(entry, ATOM, "content")) {
            for (Node node = content.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element
                        && CapReader.NAMESPACE.equals(element.getNamespaceURI())
                        && "alert".equals(element.getLocalName())) {
                    return element;
                }
            }
        }
        return null;
    }

    /** An inline alert as a document of its own (its namespace declarations kept). */
    private static byte[] serialise(Element alert) throws IOException {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(alert), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (javax.xml.transform.TransformerException e) {
            throw new IOException(e);
        }
    }

    private static List<Element> children(Element parent, String ns, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element
                    && ns.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, ATOM, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
    }
}
