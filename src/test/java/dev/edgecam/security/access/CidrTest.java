package dev.edgecam.security.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CidrTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4BlocksMatchTheirAddressesOnly() throws Exception {
        Cidr lan = Cidr.parse("192.168.1.0/24");
        assertThat(lan.contains(ip("192.168.1.0"))).isTrue();
        assertThat(lan.contains(ip("192.168.1.255"))).isTrue();
        assertThat(lan.contains(ip("192.168.2.1"))).isFalse();
        assertThat(lan.contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.7").contains(ip("10.0.0.7"))).isTrue();
        assertThat(Cidr.parse("10.0.0.7").contains(ip("10.0.0.8"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.31.255.1"))).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.32.0.1"))).isFalse();
    }

    @Test
    void hostBitsAreIgnoredAndShownMasked() {
        assertThat(Cidr.parse("192.168.1.77/24")).hasToString("192.168.1.0/24").isEqualTo(Cidr.parse("192.168.1.0/24"));
        assertThat(Cidr.parse(" 10.1.2.3 ")).hasToString("10.1.2.3/32");
    }

    @Test
    void ipv6BlocksMatchAndIpv4MappedAddressesCountAsIpv4() throws Exception {
        Cidr ula = Cidr.parse("fd00::/8");
        assertThat(ula.contains(ip("fd12:3456::1"))).isTrue();
        assertThat(ula.contains(ip("fe80::1"))).isFalse();
        assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("::1").contains(ip("127.0.0.1"))).isFalse();
        // An IPv4 client on a dual-stack socket: ::ffff:192.168.1.5 (built from bytes, as a socket reports it).
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 192;
        mapped[13] = (byte) 168;
        mapped[14] = 1;
        mapped[15] = 5;
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(Cidr.parse("192.168.1.0/24").contains(v6)).isTrue();
        assertThat(Cidr.normalize(v6)).isEqualTo(ip("192.168.1.5"));
    }

    @Test
    void badBlocksAreRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> Cidr.parse("camera.local")).hasMessageContaining("'camera.local' is not an address block")
                .hasMessageContaining("no host names");
        assertThatThrownBy(() -> Cidr.parse("192.168.1.0/33")).hasMessageContaining("bad prefix length")
                .hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("fd00::/129")).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("bad prefix length");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessageContaining("not an address block");
        assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("not an address block");
        assertThatThrownBy(() -> Cidr.parse("1.2.3")).hasMessageContaining("not an address block");
    }

    @Test
    void allowListsCombineBlocks() throws Exception {
        AddressAllowList list = AddressAllowList.parse("192.168.1.0/24, ::1");
        assertThat(list.allows(ip("192.168.1.9"))).isTrue();
        assertThat(list.allows(ip("::1"))).isTrue();
        assertThat(list.allows(ip("10.0.0.1"))).isFalse();
        assertThat(list).hasToString("192.168.1.0/24,0:0:0:0:0:0:0:1/128");
        assertThat(AddressAllowList.parse("").allowsNobody()).isTrue();
        assertThat(AddressAllowList.ANYONE.allows(ip("203.0.113.1"))).isTrue();
        assertThat(AddressAllowList.NOBODY.allows(ip("127.0.0.1"))).isFalse();
        assertThat(list.and(AddressAllowList.parse("10.0.0.0/8")).allows(ip("10.9.9.9"))).isTrue();
    }
}
