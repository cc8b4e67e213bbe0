package dev.edgecam.wire.onvif;

/**
 * Writes the SOAP 1.2 envelopes edgecam answers with. Answers are small templates filled with escaped values
 * ({@link #escape}); every prefix they use is declared once on the envelope ({@link #NAMESPACES}), so a body is
 * written as {@code <tds:GetHostnameResponse>...}.
 *
 * <pre>
 * &lt;s:Envelope xmlns:s=... xmlns:tds=... xmlns:trt=... xmlns:tt=... xmlns:ter=... ...&gt;
 *   &lt;s:Header&gt;HEADER (WS-Discovery's addressing; empty for ONVIF's services)&lt;/s:Header&gt;
 *   &lt;s:Body&gt;BODY&lt;/s:Body&gt;
 * &lt;/s:Envelope&gt;
 * </pre>
 */
public final class Soap {

    public static final String ENVELOPE_NS = "http://www.w3.org/2003/05/soap-envelope";
    public static final String DEVICE_NS = "http://www.onvif.org/ver10/device/wsdl";
    public static final String MEDIA_NS = "http://www.onvif.org/ver10/media/wsdl";
    public static final String SCHEMA_NS = "http://www.onvif.org/ver10/schema";
    public static final String ERROR_NS = "http://www.onvif.org/ver10/error";
    public static final String NETWORK_WSDL_NS = "http://www.onvif.org/ver10/network/wsdl";
    public static final String DISCOVERY_NS = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    public static final String ADDRESSING_NS = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    /** The media type of a SOAP 1.2 message. */
    public static final String CONTENT_TYPE = "application/soap+xml; charset=utf-8";

    private static final String NAMESPACES = " xmlns:s=\"" + ENVELOPE_NS + "\""
            + " xmlns:tds=\"" + DEVICE_NS + "\""
            + " xmlns:trt=\"" + MEDIA_NS + "\""
            + " xmlns:tt=\"" + SCHEMA_NS + "\""
            + " xmlns:ter=\"" + ERROR_NS + "\""
            + " xmlns:dn=\"" + NETWORK_WSDL_NS + "\""
            + " xmlns:d=\"" + DISCOVERY_NS + "\""
            + " xmlns:a=\"" + ADDRESSING_NS + "\"";

    private Soap() {
    }

    /** An envelope around {@code body} with an empty header. */
    public static String envelope(String body) {
        return envelope("", body);
    }

    /** An envelope with {@code header} and {@code body} (both already XML). */
    public static String envelope(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<s:Envelope" + NAMESPACES + "><s:Header>" + header
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>\n";
    }

    /**
     * A SOAP 1.2 fault (ONVIF Core, "SOAP fault handling").
     *
     * @param code {@code s:Sender} (the client's mistake) or {@code s:Receiver} (the device's)
     * @param subcodes ONVIF's subcodes, outer first, such as {@code ter:NotAuthorized} or {@code ter:ActionNotSupported}
     * @param reason a sentence for people: what failed and what to do
     */
    public static String fault(String code, String reason, String... subcodes) {
        StringBuilder subcode = new StringBuilder();
        for (int i = subcodes.length - 1; i >= 0; i--) {
            subcode.insert(0, "<s:Subcode><s:Value>" + subcodes[i] + "</s:Value>").append("</s:Subcode>");
        }
        return envelope("<s:Fault><s:Code><s:Value>" + code + "</s:Value>" + subcode + "</s:Code>"
                + "<s:Reason><s:Text xml:lang=\"en\">" + escape(reason) + "</s:Text></s:Reason></s:Fault>");
    }

    /** {@code text} safe inside an element or a double-quoted attribute. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return escaped.toString();
    }

    /** {@code <prefix:name>escaped value</prefix:name>}. */
    public static String element(String name, Object value) {
        return "<" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">";
    }
}
