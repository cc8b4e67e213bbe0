package dev.edgecam.wire.onvif;

import java.util.List;
import java.util.UUID;

/**
 * WS-Discovery (2005/04, the version ONVIF uses) for an ONVIF NetworkVideoTransmitter: which probes it answers and
 * the messages it sends. One SOAP 1.2 envelope a UDP datagram, port {@value #PORT}, groups {@value #IPV4_GROUP} and
 * {@code [}{@value #IPV6_GROUP}{@code ]}.
 *
 * <pre>
 * client → group:3702   Probe (Types dn:NetworkVideoTransmitter, optional Scopes), MessageID M
 * device → client       ProbeMatches, RelatesTo M: EndpointReference urn:uuid:U, Types, Scopes, XAddrs, MetadataVersion
 * device → group:3702   Hello at start, Bye at stop (the same EndpointReference)
 * </pre>
 */
public final class WsDiscoveryProtocol {

    public static final int PORT = 3702;
    public static final String IPV4_GROUP = "239.255.255.250";
    public static final String IPV6_GROUP = "ff02::c";
    /** The types edgecam is: ONVIF's video transmitter and its device service. */
    public static final String TYPES = "dn:NetworkVideoTransmitter tds:Device";
    private static final String ACTION_PREFIX = Soap.DISCOVERY_NS + "/";
    private static final String TO_GROUP = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
    private static final String ANONYMOUS = Soap.ADDRESSING_NS + "/role/anonymous";

    /**
     * What a device says about itself.
     *
     * @param endpoint its stable identity, {@code urn:uuid:...}: an NVR recognises the device by it across restarts
     * @param scopes its ONVIF scopes ({@code onvif://www.onvif.org/type/video_encoder}, ...)
     * @param metadataVersion raised when the scopes or addresses change
     */
    public record Device(String endpoint, List<String> scopes, int metadataVersion) {
    }

    private WsDiscoveryProtocol() {
    }

    /**
     * True when {@code message} is a Probe this device must answer: its Types are empty or name the video transmitter
     * or the device service, and each of its Scopes is one of the device's or a path-prefix of one (RFC 3986 rule,
     * WS-Discovery's default).
     */
    public static boolean matches(SoapMessage message, Device device) {
        if (!message.action().equals("Probe") || !message.actionNamespace().equals(Soap.DISCOVERY_NS)) {
            return false;
        }
        List<String> types = message.parameterList("Types");
        boolean typeMatches = types.isEmpty() || types.stream().anyMatch(type -> isOurType(message, type));
        return typeMatches && message.parameterList("Scopes").stream()
                .allMatch(wanted -> device.scopes().stream().anyMatch(scope -> scopeMatches(wanted, scope)));
    }

    private static boolean isOurType(SoapMessage message, String prefixedType) {
        String local = prefixedType.substring(prefixedType.indexOf(':') + 1);
        String namespace = message.namespaceOfPrefix(prefixedType, "Types");
        return local.equals("NetworkVideoTransmitter") && (namespace == null || namespace.equals(Soap.NETWORK_WSDL_NS))
                || local.equals("Device") && (namespace == null || namespace.equals(Soap.DEVICE_NS));
    }

    private static boolean scopeMatches(String wanted, String scope) {
        String prefix = wanted.endsWith("/") ? wanted.substring(0, wanted.length() - 1) : wanted;
        return scope.equalsIgnoreCase(prefix) || scope.toLowerCase(java.util.Locale.ROOT)
                .startsWith(prefix.toLowerCase(java.util.Locale.ROOT) + "/");
    }

    /** The answer to the probe whose MessageID is {@code probeId} (may be null), naming {@code xaddrs} (space-separated URLs). */
    public static String probeMatches(Device device, String probeId, String xaddrs) {
        String header = addressing("ProbeMatches", ANONYMOUS)
                + (probeId == null ? "" : Soap.element("a:RelatesTo", probeId));
        return Soap.envelope(header, "<d:ProbeMatches><d:ProbeMatch>" + description(device, xaddrs)
                + "</d:ProbeMatch></d:ProbeMatches>");
    }

    /** The announcement that the device has joined the network, to the group. */
    public static String hello(Device device, String xaddrs) {
        return Soap.envelope(addressing("Hello", TO_GROUP), "<d:Hello>" + description(device, xaddrs) + "</d:Hello>");
    }

    /** The announcement that the device is leaving, to the group. */
    public static String bye(Device device) {
        return Soap.envelope(addressing("Bye", TO_GROUP), "<d:Bye>" + endpointReference(device) + "</d:Bye>");
    }

    private static String description(Device device, String xaddrs) {
        return endpointReference(device) + Soap.element("d:Types", TYPES)
                + Soap.element("d:Scopes", String.join(" ", device.scopes()))
                + Soap.element("d:XAddrs", xaddrs)
                + Soap.element("d:MetadataVersion", device.metadataVersion());
    }

    private static String endpointReference(Device device) {
        return "<a:EndpointReference>" + Soap.element("a:Address", device.endpoint()) + "</a:EndpointReference>";
    }

    private static String addressing(String action, String to) {
        return Soap.element("a:MessageID", "urn:uuid:" + UUID.randomUUID()) + Soap.element("a:To", to)
                + Soap.element("a:Action", ACTION_PREFIX + action);
    }
}
