package dev.edgecam.wire.onvif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A SOAP message as ONVIF clients and WS-Discovery send it, read with the JDK's XML parser: its header's
 * WS-Security {@link UsernameToken} and WS-Addressing {@code MessageID}, and its body's first element (the action,
 * such as {@code GetProfiles}). SOAP 1.2 and 1.1 envelopes are both read (old clients send 1.1); elements are matched
 * by local name, as the prefixes are each client's choice.
 *
 * <p>The parser is locked down: a document type declaration is refused (no entity expansion, no external
 * entities), so a request can neither read files nor blow up memory; the HTTP transport bounds the body's size.
 */
public final class SoapMessage {

    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private final Element header;
    private final Element action;

    private SoapMessage(Element header, Element action) {
        this.header = header;
        this.action = action;
    }

    /**
     * Reads {@code xml}.
     *
     * @throws IllegalArgumentException saying what is wrong: not XML, not a SOAP envelope, or a body without an action
     */
    public static SoapMessage parse(byte[] xml) {
        Document document;
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            builder.setErrorHandler(null);
            document = builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured: " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("the request is not well-formed XML: " + e.getMessage(), e);
        }
        Element envelope = document.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName())) {
            throw new IllegalArgumentException("the request is not a SOAP envelope (its root is <"
                    + envelope.getNodeName() + ">); send a SOAP 1.2 Envelope with the action in its Body");
        }
        Element header = child(envelope, "Header");
        Element body = child(envelope, "Body");
        Element action = body == null ? null : firstElement(body);
        if (action == null) {
            throw new IllegalArgumentException("the SOAP envelope has no Body or an empty one; put the action"
                    + " (such as GetDeviceInformation) in the Body");
        }
        return new SoapMessage(header, action);
    }

    /** The action: the local name of the body's first element ({@code GetProfiles}). */
    public String action() {
        return action.getLocalName();
    }

    /** The action's namespace ({@code http://www.onvif.org/ver10/media/wsdl}), or "" without one. */
    public String actionNamespace() {
        String namespace = action.getNamespaceURI();
        return namespace == null ? "" : namespace;
    }

    /** The text of the first element named {@code localName} inside the action, trimmed, or null when absent. */
    public String parameter(String localName) {
        Element found = descendant(action, localName);
        return found == null ? null : found.getTextContent().strip();
    }

    /** The texts of every element named {@code localName} inside the action, each split at white space (WS-Discovery's lists). */
    public List<String> parameterList(String localName) {
        List<String> values = new ArrayList<>();
        NodeList nodes = action.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < nodes.getLength(); i++) {
            for (String value : nodes.item(i).getTextContent().strip().split("\\s+")) {
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /**
     * The namespace a prefixed name such as {@code dn:NetworkVideoTransmitter} means where it was written inside the
     * action, or null for a prefix not declared there.
     */
    public String namespaceOfPrefix(String prefixedName, String elementLocalName) {
        Element element = descendant(action, elementLocalName);
        int colon = prefixedName.indexOf(':');
        return element == null ? null : element.lookupNamespaceURI(colon < 0 ? null : prefixedName.substring(0, colon));
    }

    /** The header's WS-Addressing {@code MessageID}, or null. */
    public String messageId() {
        Element id = header == null ? null : descendant(header, "MessageID");
        return id == null ? null : id.getTextContent().strip();
    }

    /** The header's WS-Security {@code UsernameToken}, or null when the message carries none. */
    public UsernameToken usernameToken() {
        Element token = header == null ? null : descendant(header, "UsernameToken");
        if (token == null) {
            return null;
        }
        Element password = descendant(token, "Password");
        return new UsernameToken(text(token, "Username"), password == null ? "" : password.getTextContent().strip(),
                password != null && password.getAttribute("Type").endsWith("#PasswordDigest"),
                text(token, "Nonce"), text(token, "Created"));
    }

    private static String text(Element parent, String localName) {
        Element element = descendant(parent, localName);
        return element == null ? "" : element.getTextContent().strip();
    }

    private static Element descendant(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static Element child(Element parent, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        return null;
    }

    private static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot refuse DTDs: " + e.getMessage(), e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }
}
