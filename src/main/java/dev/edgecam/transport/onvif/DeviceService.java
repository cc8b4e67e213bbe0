package dev.edgecam.transport.onvif;

import dev.edgecam.wire.onvif.Soap;
import dev.edgecam.wire.onvif.SoapMessage;
import io.netty.util.NetUtil;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * ONVIF's device service ({@code /onvif/device_service}, ver10 device WSDL), the part NVRs use to find a camera's
 * media service: device information, capabilities and services, the clock, scopes, network interface and host name.
 * Settings (set the clock, the network, users, reboot) are not offered: they answer ActionNotSupported.
 */
final class DeviceService {

    private final OnvifDevice device;
    private final Clock clock;

    DeviceService(OnvifDevice device, Clock clock) {
        this.device = device;
        this.clock = clock;
    }

    /** The answer's body, or null for an action this service does not have. */
    String answer(SoapMessage message, OnvifRequest request) {
        return switch (message.action()) {
            case "GetSystemDateAndTime" -> systemDateAndTime();
            case "GetDeviceInformation" -> "<tds:GetDeviceInformationResponse>"
                    + Soap.element("tds:Manufacturer", OnvifDevice.MANUFACTURER) + Soap.element("tds:Model", OnvifDevice.MODEL)
                    + Soap.element("tds:FirmwareVersion", device.firmwareVersion())
                    + Soap.element("tds:SerialNumber", device.serialNumber())
                    + Soap.element("tds:HardwareId", OnvifDevice.HARDWARE) + "</tds:GetDeviceInformationResponse>";
            case "GetCapabilities" -> "<tds:GetCapabilitiesResponse><tds:Capabilities>"
                    + "<tt:Device>" + Soap.element("tt:XAddr", request.deviceServiceUrl())
                    + "<tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>" + request.https() + "</tt:TLS1.2>"
                    + "<tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration><tt:AccessPolicyConfig>false</tt:AccessPolicyConfig>"
                    + "<tt:X.509Token>false</tt:X.509Token><tt:SAMLToken>false</tt:SAMLToken><tt:KerberosToken>false</tt:KerberosToken>"
                    + "<tt:RELToken>false</tt:RELToken></tt:Security></tt:Device>"
                    + "<tt:Media>" + Soap.element("tt:XAddr", request.mediaServiceUrl()) + "<tt:StreamingCapabilities>"
                    + "<tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP>"
                    + "</tt:StreamingCapabilities></tt:Media></tds:Capabilities></tds:GetCapabilitiesResponse>";
            case "GetServices" -> services(request, "true".equalsIgnoreCase(message.parameter("IncludeCapability")));
            case "GetServiceCapabilities" -> "<tds:GetServiceCapabilitiesResponse>" + deviceCapabilities()
                    + "</tds:GetServiceCapabilitiesResponse>";
            case "GetScopes" -> "<tds:GetScopesResponse>" + device.scopes().stream()
                    .map(scope -> "<tds:Scopes>" + Soap.element("tt:ScopeDef", "Fixed") + Soap.element("tt:ScopeItem", scope)
                            + "</tds:Scopes>").reduce("", String::concat) + "</tds:GetScopesResponse>";
            case "GetHostname" -> "<tds:GetHostnameResponse><tds:HostnameInformation>"
                    + Soap.element("tt:FromDHCP", false) + Soap.element("tt:Name", device.name())
                    + "</tds:HostnameInformation></tds:GetHostnameResponse>";
            case "GetNetworkInterfaces" -> networkInterfaces(request);
            default -> null;
        };
    }

    private String systemDateAndTime() {
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
        String dateTime = "<tt:Time>" + Soap.element("tt:Hour", now.getHour()) + Soap.element("tt:Minute", now.getMinute())
                + Soap.element("tt:Second", now.getSecond()) + "</tt:Time><tt:Date>" + Soap.element("tt:Year", now.getYear())
                + Soap.element("tt:Month", now.getMonthValue()) + Soap.element("tt:Day", now.getDayOfMonth()) + "</tt:Date>";
        return "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>" + Soap.element("tt:DateTimeType", "NTP")
                + Soap.element("tt:DaylightSavings", false) + "<tt:TimeZone>" + Soap.element("tt:TZ", "UTC0") + "</tt:TimeZone>"
                + "<tt:UTCDateTime>" + dateTime + "</tt:UTCDateTime><tt:LocalDateTime>" + dateTime + "</tt:LocalDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
    }

    private String services(OnvifRequest request, boolean withCapabilities) {
        return "<tds:GetServicesResponse>"
                + service(Soap.DEVICE_NS, request.deviceServiceUrl(), withCapabilities ? deviceCapabilities() : "")
                + service(Soap.MEDIA_NS, request.mediaServiceUrl(),
                        withCapabilities ? MediaService.capabilities(request.cameras().size()) : "")
                + "</tds:GetServicesResponse>";
    }

    private static String service(String namespace, String url, String capabilities) {
        return "<tds:Service>" + Soap.element("tds:Namespace", namespace) + Soap.element("tds:XAddr", url)
                + (capabilities.isEmpty() ? "" : "<tds:Capabilities>" + capabilities + "</tds:Capabilities>")
                + "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>";
    }

    private static String deviceCapabilities() {
        return "<tds:Capabilities><tds:Network IPFilter=\"false\" ZeroConfiguration=\"false\" IPVersion6=\"true\""
                + " DynDNS=\"false\" Dot11Configuration=\"false\" HostnameFromDHCP=\"false\" NTP=\"0\"/>"
                + "<tds:Security TLS1.0=\"false\" TLS1.1=\"false\" TLS1.2=\"false\" OnboardKeyGeneration=\"false\""
                + " AccessPolicyConfig=\"false\" DefaultAccessPolicy=\"false\" Dot1X=\"false\" RemoteUserHandling=\"false\""
                + " X.509Token=\"false\" SAMLToken=\"false\" KerberosToken=\"false\" UsernameToken=\"true\""
                + " HttpDigest=\"false\" RELToken=\"false\"/>"
                + "<tds:System DiscoveryResolve=\"false\" DiscoveryBye=\"true\" RemoteDiscovery=\"false\""
                + " SystemBackup=\"false\" SystemLogging=\"false\" FirmwareUpgrade=\"false\"/></tds:Capabilities>";
    }

    /** The interface the request arrived on: its name, MAC and this address (what Home Assistant keys a camera by). */
    private static String networkInterfaces(OnvifRequest request) {
        String name = "eth0";
        String mac = "00:00:00:00:00:00";
        int prefix = request.local().getAddress().length == 4 ? 24 : 64;
        try {
            NetworkInterface found = NetworkInterface.getByInetAddress(request.local());
            if (found != null) {
                name = found.getName();
                byte[] hardware = found.getHardwareAddress();
                if (hardware != null && hardware.length == 6) {
                    mac = HexFormat.ofDelimiter(":").formatHex(hardware);
                }
                prefix = found.getInterfaceAddresses().stream().filter(a -> a.getAddress().equals(request.local()))
                        .map(a -> (int) a.getNetworkPrefixLength()).findFirst().orElse(prefix);
            }
        } catch (SocketException e) {
            // the defaults above: an NVR needs only something well-formed here
        }
        boolean v4 = request.local().getAddress().length == 4;
        String family = v4 ? "IPv4" : "IPv6";
        String literal = NetUtil.toAddressString(request.local()).replaceAll("%.*", "");
        String address = "<tt:Manual>" + Soap.element("tt:Address", literal) + Soap.element("tt:PrefixLength", prefix)
                + "</tt:Manual>";
        return "<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token=\"" + Soap.escape(name) + "\">"
                + Soap.element("tt:Enabled", true) + "<tt:Info>" + Soap.element("tt:Name", name)
                + Soap.element("tt:HwAddress", mac) + "</tt:Info><tt:" + family + ">" + Soap.element("tt:Enabled", true)
                + "<tt:Config>" + (v4 ? address + Soap.element("tt:DHCP", false) : Soap.element("tt:DHCP", "Off") + address)
                + "</tt:Config></tt:" + family + "></tds:NetworkInterfaces></tds:GetNetworkInterfacesResponse>";
    }
}
